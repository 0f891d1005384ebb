package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vouch.cert.CertConfig;
import io.vouch.proto.Flow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SubscribeProcessorTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final EventHeader CERT = EventHeader.parse("certificate").orElseThrow();
    private final SubscribeProcessor p = new SubscribeProcessor(CertConfig.defaults());

    private static SubscribeProcessor.Input initial(String tx, OptionalLong expires) {
        return new SubscribeProcessor.Input("alice@example.com", CERT, "call-1", "ft", Optional.empty(), expires,
                "sip:bob@example.com", Optional.of("sip:bob@192.0.2.1:5060"), Flow.getDefaultInstance(), 1, tx, "tag-" + tx);
    }

    private static SubscribeProcessor.Input inDialog(String tag, long cseq, String tx, OptionalLong expires) {
        return new SubscribeProcessor.Input("alice@example.com", CERT, "call-1", "ft", Optional.of(tag), expires,
                "sip:bob@example.com", Optional.of("sip:bob@192.0.2.1:5060"), Flow.getDefaultInstance(), cseq, tx, "unused");
    }

    private static SubscribeProcessor.Accepted accepted(SubscribeProcessor.Result r) {
        return assertInstanceOf(SubscribeProcessor.Accepted.class, r);
    }

    private static Rejection refused(SubscribeProcessor.Result r) {
        return assertInstanceOf(SubscribeProcessor.Refused.class, r).rejection();
    }

    @Test
    void withoutExpiresTheSubscriptionLastsOneDayNot400() {
        var a = accepted(p.process(initial("t1", OptionalLong.empty()), List.of(), NOW));
        assertEquals(86_400, a.expiresSeconds());
        assertEquals(1, a.subscriptions().size());
        assertFalse(a.terminated());
    }

    @Test
    void tooShortIs423WithMinExpires() {
        Rejection r = refused(p.process(initial("t1", OptionalLong.of(10)), List.of(), NOW));
        assertEquals(423, r.status());
        assertEquals(Map.of("Min-Expires", "60"), r.headers());
    }

    @Test
    void tooLongIsShortenedToTheMaximum() {
        var p2 = new SubscribeProcessor(CertConfig.from(new JsonObject().put("cert.subscribe.max.expires.s", 7200)
                .put("cert.subscribe.default.expires.s", 3600)));
        assertEquals(7200, accepted(p2.process(initial("t1", OptionalLong.of(99_999)), List.of(), NOW))
                .expiresSeconds());
    }

    @Test
    void refreshExtendsAndUnsubscribeEndsWithATerminatedNotify() {
        var created = accepted(p.process(initial("t1", OptionalLong.of(600)), List.of(), NOW));
        String tag = created.target().ourTag();
        var refreshed = accepted(p.process(inDialog(tag, 2, "t2", OptionalLong.of(1200)), created.subscriptions(),
                NOW.plusSeconds(10)));
        assertEquals(1200, refreshed.expiresSeconds());
        assertEquals(NOW.plusSeconds(1210).toEpochMilli(), refreshed.subscriptions().getFirst().expiresAtMs());
        var ended = accepted(p.process(inDialog(tag, 3, "t3", OptionalLong.of(0)), refreshed.subscriptions(),
                NOW.plusSeconds(20)));
        assertTrue(ended.terminated());
        assertTrue(ended.subscriptions().isEmpty());
    }

    @Test
    void unknownDialogIs481() {
        assertEquals(481, refused(p.process(inDialog("nosuch", 2, "t2", OptionalLong.of(600)), List.of(), NOW))
                .status());
    }

    @Test
    void anExpiredSubscriptionIsGone() {
        var created = accepted(p.process(initial("t1", OptionalLong.of(60)), List.of(), NOW));
        assertEquals(481, refused(p.process(inDialog(created.target().ourTag(), 2, "t2", OptionalLong.of(60)),
                created.subscriptions(), NOW.plusSeconds(61))).status());
    }

    @Test
    void anOlderCseqInTheDialogIs500() {
        var created = accepted(p.process(initial("t1", OptionalLong.of(600)), List.of(), NOW));
        assertEquals(500, refused(p.process(inDialog(created.target().ourTag(), 1, "t2", OptionalLong.of(600)),
                created.subscriptions(), NOW)).status());
    }

    @Test
    void expiresZeroOnAnInitialSubscribeIsAFetch() {
        var fetch = accepted(p.process(initial("t1", OptionalLong.of(0)), List.of(), NOW));
        assertTrue(fetch.terminated());
        assertTrue(fetch.subscriptions().isEmpty());
    }

    @Test
    void aRedeliveredSubscribeCreatesNoSecondSubscription() {
        var created = accepted(p.process(initial("t1", OptionalLong.of(600)), List.of(), NOW));
        var again = accepted(p.process(initial("t1", OptionalLong.of(600)), created.subscriptions(), NOW));
        assertEquals(1, again.subscriptions().size());
        assertEquals(created.target().ourTag(), again.target().ourTag());
    }

    @Test
    void aSubscribeWithoutContactIs400() {
        var in = new SubscribeProcessor.Input("alice@example.com", CERT, "c", "ft", Optional.empty(),
                OptionalLong.empty(), "sip:bob@example.com", Optional.empty(), Flow.getDefaultInstance(), 1, "t", "tag-t");
        assertEquals(400, refused(p.process(in, List.of(), NOW)).status());
    }

    @Test
    void subscriptionsPerAorAreCapped() {
        var p2 = new SubscribeProcessor(CertConfig.from(new JsonObject().put("cert.max.subscriptions.per.aor", 1)));
        var first = accepted(p2.process(initial("t1", OptionalLong.of(600)), List.of(), NOW));
        assertEquals(403, refused(p2.process(initial("t2", OptionalLong.of(600)), first.subscriptions(), NOW))
                .status());
    }
}
