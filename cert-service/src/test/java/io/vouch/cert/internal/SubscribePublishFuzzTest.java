package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vouch.proto.Flow;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import java.util.List;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of whole SUBSCRIBE / PUBLISH requests: the Event, SIP-If-Match and Expires headers as the stage reads them:
 * every input gives a result, nothing throws (RFC 6072, RFC 3903, RFC 6665). Regression mode (committed inputs only) by default; {@code JAZZER_FUZZ=1} (the fuzz profile) fuzzes.
 */
class SubscribePublishFuzzTest {
    /** Whole SUBSCRIBE / PUBLISH messages through the SIP decoder, the Event parser and both processors. */
    @FuzzTest(maxDuration = "120s")
    void requestHeadersGiveAResult(byte[] wire) {
        if (!(new SipMessageDecoder().decode(wire) instanceof DecodeResult.Parsed p)
                || !(p.message() instanceof SipRequest req)) {
            return;
        }
        Optional<EventHeader> ev = req.headers().first("Event").flatMap(EventHeader::parse);
        if (ev.isEmpty()) {
            return;
        }
        ev.get().params().forEach((k, v) -> assertTrue(EventHeader.isToken(k)));
        assertTrue(EventHeader.isToken(ev.get().eventPackage()));
        assertNotNull(ev.get().etag());
        if (req.method().equals("PUBLISH")) {
            var in = new PublishProcessor.Input(CertFuzzFixtures.AOR, ev.get().eventPackage(), req.headers().first("SIP-If-Match")
                    .map(String::trim), req.expires(), req.contentType().orElse(""), req.body(), "tx-1");
            switch (CertFuzzFixtures.PUBLISHER.process(in, Optional.of(CertFuzzFixtures.STORED), CertFuzzFixtures.NOW)) {
                case PublishProcessor.Accepted a -> assertTrue(a.expiresSeconds() >= 0);
                case PublishProcessor.Refused r -> CertFuzzFixtures.refusal(r.rejection());
            }
        } else if (req.method().equals("SUBSCRIBE") && req.from().tag().isPresent()) {
            var in = new SubscribeProcessor.Input(CertFuzzFixtures.AOR, ev.get(), req.callId(), req.from().tag().get(),
                    req.to().tag(), req.expires(), req.from().uri().toString(), req.contacts().isEmpty()
                    ? Optional.empty() : Optional.of(req.contacts().getFirst().uri().toString()),
                    Flow.getDefaultInstance(), req.cseq().sequence(), "tx-1", "tag-1");
            switch (CertFuzzFixtures.SUBSCRIBER.process(in, List.of(), CertFuzzFixtures.NOW)) {
                case SubscribeProcessor.Accepted a -> assertTrue(a.expiresSeconds() >= 0);
                case SubscribeProcessor.Refused r -> CertFuzzFixtures.refusal(r.rejection());
            }
        }
    }
}
