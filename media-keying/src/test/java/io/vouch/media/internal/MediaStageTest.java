package io.vouch.media.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vouch.media.MediaKeyingConfig;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Topics;
import io.vouch.proto.Transport;
import io.vouch.runtime.Outcome;
import io.vouch.seal.KeyMaterialSealer;
import io.vouch.seal.SealKey;
import io.vouch.seal.SealKeys;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaStageTest {
    private static final String KEY = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
    private static final String FP = "sha-256 " + "AB:".repeat(31) + "CD";
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KeyMaterialSealer sealer = new KeyMaterialSealer(
            new SealKeys(new SealKey(1, new byte[32]), Optional.empty()), new SecureRandom());

    private MediaStage stage(Map<String, ?> config) {
        return new MediaStage(MediaKeyingConfig.from(config), sealer, new MediaMetrics(registry), Clock.systemUTC());
    }

    private static String invite(String sdp) {
        return "INVITE sip:+12155550101@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
                + "From: <sip:+12155550100@example.com>;tag=1\r\nTo: <sip:+12155550101@example.com>\r\n"
                + "Call-ID: call-1\r\nCSeq: 1 INVITE\r\n"
                + (sdp.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
    }

    private static String sdp(String media) {
        return "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" + media;
    }

    private static final String SDES = sdp("m=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
            + KEY + "\r\n");
    private static final String DTLS = sdp("m=audio 4000 UDP/TLS/RTP/SAVP 0\r\na=setup:actpass\r\na=fingerprint:"
            + FP + "\r\n");

    /** As the edge publishes it: sealed. */
    private SipEvent event(String sip, Transport transport) {
        KeyMaterialSealer.Sealed s = sealer.seal(sip.getBytes(StandardCharsets.US_ASCII));
        SipEvent.Builder b = SipEvent.newBuilder().setSip(ByteString.copyFrom(s.sip()))
                .setFlow(Flow.newBuilder().setEdgeId("e1").setTransport(transport).setRemoteHost("192.0.2.1"))
                .setTransactionId("tx1");
        s.secrets().ifPresent(b::setSealedSecrets);
        return b.build();
    }

    private static SipResponse response(Outcome o) {
        byte[] sip = assertInstanceOf(Outcome.Reply.class, o).reply().getSip().toByteArray();
        return (SipResponse) ((DecodeResult.Parsed) new SipMessageDecoder().decode(sip)).message();
    }

    private double count(String name, String tag, String value) {
        var c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void refusesSdesOverUdpWith488AndAWarning() {
        List<Outcome> out = stage(Map.of()).process(event(invite(SDES), Transport.UDP));
        SipResponse r = response(out.get(0));
        assertEquals(488, r.status());
        assertTrue(r.headers().first("Warning").orElseThrow().startsWith("399 vouch \""));
        assertEquals(1, count(MediaMetrics.REFUSALS, "reason", "sdes-without-tls"));
        assertEquals(1, count(MediaMetrics.OFFERS, "kind", "sdes"));
    }

    @Test
    void forwardsSdesOverTlsToIdentityStillSealed() {
        SipEvent in = event(invite(SDES), Transport.TLS);
        Outcome.Forward f = assertInstanceOf(Outcome.Forward.class, stage(Map.of()).process(in).get(0));
        assertEquals(Topics.IDENTITY, f.topic());
        assertEquals("call-1", f.key());
        assertFalse(f.event().getSip().toStringUtf8().contains(KEY));
        assertTrue(f.event().hasSealedSecrets());
    }

    @Test
    void validatesTheUnsealedKeysSoAShortKeyIsRefusedEvenOverTls() {
        String shortKey = SDES.replace(KEY, KEY.substring(0, 36));
        SipResponse r = response(stage(Map.of()).process(event(invite(shortKey), Transport.TLS)).get(0));
        assertEquals(488, r.status());
    }

    @Test
    void allowsSdesOverUdpWhenConfiguredAndSignalsAStrip() {
        assertInstanceOf(Outcome.Forward.class, stage(Map.of(MediaKeyingConfig.INSECURE_HOP, "allow"))
                .process(event(invite(SDES), Transport.UDP)).get(0));
        Outcome.Forward f = assertInstanceOf(Outcome.Forward.class, stage(Map.of(MediaKeyingConfig.INSECURE_HOP,
                "strip")).process(event(invite(SDES), Transport.UDP)).get(0));
        assertFalse(f.event().getMedia().getSdesStripped().isEmpty());
    }

    @Test
    void annotatesTheFingerprintsForMky() {
        Outcome.Forward f = assertInstanceOf(Outcome.Forward.class, stage(Map.of())
                .process(event(invite(DTLS), Transport.UDP)).get(0));
        assertEquals(List.of(FP), f.event().getMedia().getMkyList().stream()
                .map(d -> d.getAlg() + " " + d.getDig()).toList());
        assertEquals(1, count(MediaMetrics.OFFERS, "kind", "dtls"));
        assertEquals(1, count(MediaMetrics.MKY, "result", "annotated"));
    }

    @Test
    void refusesAWeakFingerprintWith488() {
        String weak = DTLS.replace(FP, "sha-1 " + "AB:".repeat(19) + "CD");
        assertEquals(488, response(stage(Map.of()).process(event(invite(weak), Transport.TLS)).get(0)).status());
        assertEquals(1, count(MediaMetrics.REFUSALS, "reason", "dtls-invalid"));
    }

    @Test
    void forwardsInvitesWithoutKeysUnchanged() {
        SipEvent in = event(invite(""), Transport.UDP);
        Outcome.Forward f = assertInstanceOf(Outcome.Forward.class, stage(Map.of()).process(in).get(0));
        assertSame(in, f.event());
        SipEvent plain = event(invite(sdp("m=audio 4000 RTP/AVP 0\r\n")), Transport.UDP);
        assertSame(plain, ((Outcome.Forward) stage(Map.of()).process(plain).get(0)).event());
        assertEquals(2, count(MediaMetrics.OFFERS, "kind", "none"));
    }

    @Test
    void answers400ForSdpThatDoesNotParse() {
        SipResponse r = response(stage(Map.of()).process(event(invite("v=0\r\nbogus\r\n"), Transport.TLS)).get(0));
        assertEquals(400, r.status());
    }

    @Test
    void failsClosedWhenTheSealCannotBeOpened() {
        SipEvent in = event(invite(SDES), Transport.TLS);
        MediaStage stranger = new MediaStage(MediaKeyingConfig.defaults(), new KeyMaterialSealer(SealKeys.ephemeral(),
                new SecureRandom()), new MediaMetrics(registry), Clock.systemUTC());
        assertEquals(500, response(stranger.process(in).get(0)).status());
        assertEquals(1, count(MediaMetrics.REFUSALS, "reason", "unseal-failed"));
    }
}
