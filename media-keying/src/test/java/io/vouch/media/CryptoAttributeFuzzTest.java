package io.vouch.media;

import io.vouch.sdp.Fingerprint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import io.vouch.media.srtp.SrtpResult;
import io.vouch.media.srtp.SrtpSession;
import io.vouch.media.srtp.SrtpSuite;

/**
 * Coverage-guided fuzzing of the untrusted-input parsers of this module: {@code a=crypto} values through the
 * validator, {@code a=fingerprint} values, and SRTP / SRTCP unprotect on arbitrary datagrams. Every input gives a
 * value and nothing throws. Regression mode (seeds only) by default; {@code JAZZER_FUZZ=1} fuzzes.
 */
@Tag("fuzz")
class CryptoAttributeFuzzTest {
    private static final SdesValidator VALIDATOR = new SdesValidator(MediaKeyingConfig.defaults());

    @FuzzTest(maxDuration = "60s")
    void cryptoValuesGiveAVerdict(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        switch (VALIDATOR.validate(value)) {
            case SdesValidator.Line.Valid v -> {
                for (SdesKey k : v.attribute().keys()) {
                    assertEquals(v.suite().keySaltLength(), k.keySalt().length);
                }
                assertTrue(v.attribute().tag() >= 0 && v.attribute().tag() <= 999_999_999L);
            }
            case SdesValidator.Line.Refused r -> assertTrue(!r.reason().isEmpty());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void fingerprintValuesGiveAVerdict(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        if (Fingerprint.parse(value) instanceof Fingerprint.ParseResult.Parsed p) {
            assertEquals(p.fingerprint().hash().orElseThrow().length(), p.fingerprint().digest().length);
            assertTrue(Fingerprint.parse(p.fingerprint().toString()) instanceof Fingerprint.ParseResult.Parsed);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void unprotectNeverThrows(FuzzedDataProvider data) {
        SrtpSuite suite = data.pickValue(new SrtpSuite[] {SrtpSuite.AES_CM_128_HMAC_SHA1_80,
            SrtpSuite.AES_CM_128_HMAC_SHA1_32, SrtpSuite.AEAD_AES_128_GCM});
        boolean rtcp = data.consumeBoolean();
        byte[] packet = data.consumeRemainingAsBytes();
        SrtpSession rx = SrtpSession.create(suite, new byte[suite.keyLength()], new byte[suite.saltLength()]);
        SrtpResult r = rtcp ? rx.unprotectRtcp(packet, 0, packet.length) : rx.unprotectRtp(packet, 0, packet.length);
        assertTrue(r instanceof SrtpResult.Rejected || r instanceof SrtpResult.Unprotected u && u.length() <= packet.length);
    }
}
