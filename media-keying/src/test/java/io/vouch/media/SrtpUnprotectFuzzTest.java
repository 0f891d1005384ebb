package io.vouch.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vouch.media.srtp.SrtpResult;
import io.vouch.media.srtp.SrtpSession;
import io.vouch.media.srtp.SrtpSuite;

/**
 * Coverage-guided fuzzing of SRTP / SRTCP unprotect on arbitrary datagrams: nothing throws, every packet is
 * rejected or unprotected within its own length.
 * Regression mode (seeds only) by default; {@code JAZZER_FUZZ=1} (the fuzz profile) fuzzes.
 */
class SrtpUnprotectFuzzTest {
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
