package io.vouch.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vouch.media.srtp.SrtpResult.Reason;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SrtpSessionTest {
    private static final int SSRC = 0x11223344;

    static byte[][] keys(SrtpSuite suite, long seed) {
        Random r = new Random(seed);
        byte[] k = new byte[suite.keyLength()];
        byte[] s = new byte[suite.saltLength()];
        r.nextBytes(k);
        r.nextBytes(s);
        return new byte[][] {k, s};
    }

    static byte[] rtp(int seq, int payload) {
        byte[] p = new byte[12 + payload];
        p[0] = (byte) 0x80;
        p[1] = 0;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[8] = 0x11;
        p[9] = 0x22;
        p[10] = 0x33;
        p[11] = 0x44;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (i * 7 + seq);
        }
        return p;
    }

    static byte[] protect(SrtpSession s, byte[] plain) {
        byte[] buf = Arrays.copyOf(plain, plain.length + s.rtpOverhead());
        return Arrays.copyOf(buf, s.protectRtp(buf, 0, plain.length));
    }

    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = "F8_128_HMAC_SHA1_80", mode = EnumSource.Mode.EXCLUDE)
    void everyProtectableSuiteRoundTripsRtpAndRtcp(SrtpSuite suite) {
        byte[][] k = keys(suite, suite.ordinal());
        SrtpSession tx = SrtpSession.create(suite, k[0], k[1]);
        SrtpSession rx = SrtpSession.create(suite, k[0], k[1]);
        for (int seq = 0; seq < 5; seq++) {
            byte[] plain = rtp(seq, 160);
            byte[] srtp = protect(tx, plain);
            assertEquals(plain.length + suite.tagLength(), srtp.length);
            assertEquals(new SrtpResult.Unprotected(plain.length), rx.unprotectRtp(srtp, 0, srtp.length));
            assertArrayEquals(plain, Arrays.copyOf(srtp, plain.length));
        }
        byte[] rtcp = {(byte) 0x80, (byte) 200, 0, 6, 0x11, 0x22, 0x33, 0x44, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
            13, 14, 15, 16, 17, 18, 19, 20, 21, 22};
        byte[] buf = Arrays.copyOf(rtcp, rtcp.length + tx.rtcpOverhead());
        int n = tx.protectRtcp(buf, 0, rtcp.length);
        assertEquals(rtcp.length + 4 + suite.rtcpTagLength(), n);
        assertEquals(new SrtpResult.Unprotected(rtcp.length), rx.unprotectRtcp(buf, 0, n));
        assertArrayEquals(rtcp, Arrays.copyOf(buf, rtcp.length));
    }

    @Test
    void aThirdPartyKeyIsRejected() {
        byte[][] k = keys(SrtpSuite.AES_CM_128_HMAC_SHA1_80, 1);
        byte[][] other = keys(SrtpSuite.AES_CM_128_HMAC_SHA1_80, 2);
        SrtpSession intruder = SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_80, other[0], other[1]);
        SrtpSession rx = SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_80, k[0], k[1]);
        byte[] srtp = protect(intruder, rtp(1, 160));
        assertEquals(new SrtpResult.Rejected(Reason.AUTHENTICATION_FAILED), rx.unprotectRtp(srtp, 0, srtp.length));
    }

    @Test
    void rolloverCounterFollowsTheSequenceNumberWrapAndLatePacketsBeforeIt() {
        byte[][] k = keys(SrtpSuite.AES_CM_128_HMAC_SHA1_32, 3);
        SrtpSession tx = SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_32, k[0], k[1]);
        SrtpSession rx = SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_32, k[0], k[1]);
        byte[] beforeWrap = null;
        for (int i = 65530; i < 65536 + 5; i++) {
            byte[] p = protect(tx, rtp(i & 0xFFFF, 20));
            if (i == 65534) {
                beforeWrap = p; // delivered late, after the wrap
                continue;
            }
            assertInstanceOf(SrtpResult.Unprotected.class, rx.unprotectRtp(p, 0, p.length), "seq " + i);
        }
        assertEquals(new SrtpResult.Unprotected(32), rx.unprotectRtp(beforeWrap, 0, beforeWrap.length));
        // the packet sent with ROC 1 would not authenticate under ROC 0: the wrap was tracked on both sides
        byte[] fresh = protect(tx, rtp(5, 20));
        assertInstanceOf(SrtpResult.Unprotected.class, rx.unprotectRtp(fresh, 0, fresh.length));
    }

    @Test
    void packetsBehindTheWindowAreTooOld() {
        byte[][] k = keys(SrtpSuite.AEAD_AES_128_GCM, 4);
        SrtpSession tx = SrtpSession.create(SrtpSuite.AEAD_AES_128_GCM, k[0], k[1]);
        SrtpSession rx = SrtpSession.create(SrtpSuite.AEAD_AES_128_GCM, k[0], k[1]);
        byte[] old = protect(tx, rtp(1, 10));
        for (int seq = 2; seq < 100; seq++) {
            byte[] p = protect(tx, rtp(seq, 10));
            rx.unprotectRtp(p, 0, p.length);
        }
        assertEquals(new SrtpResult.Rejected(Reason.TOO_OLD), rx.unprotectRtp(old, 0, old.length));
    }

    @Test
    void mkiIsCarriedBeforeTheTagAndAWrongMkiFails() {
        byte[][] k = keys(SrtpSuite.AES_256_CM_HMAC_SHA1_80, 5);
        SrtpSession tx = SrtpSession.create(SrtpSuite.AES_256_CM_HMAC_SHA1_80, k[0], k[1], new byte[] {0, 0, 0, 1});
        SrtpSession rx = SrtpSession.create(SrtpSuite.AES_256_CM_HMAC_SHA1_80, k[0], k[1], new byte[] {0, 0, 0, 1});
        SrtpSession wrong = SrtpSession.create(SrtpSuite.AES_256_CM_HMAC_SHA1_80, k[0], k[1], new byte[] {0, 0, 0, 2});
        byte[] p = protect(tx, rtp(9, 50));
        assertEquals(12 + 50 + 4 + 10, p.length);
        assertArrayEquals(new byte[] {0, 0, 0, 1}, Arrays.copyOfRange(p, 62, 66));
        byte[] copy = p.clone();
        assertEquals(new SrtpResult.Rejected(Reason.AUTHENTICATION_FAILED), wrong.unprotectRtp(copy, 0, copy.length));
        assertEquals(new SrtpResult.Unprotected(62), rx.unprotectRtp(p, 0, p.length));
    }

    @Test
    void malformedPacketsAreValuesAndHeadersWithExtensionsAreAuthenticated() {
        byte[][] k = keys(SrtpSuite.AES_CM_128_HMAC_SHA1_80, 6);
        SrtpSession rx = SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_80, k[0], k[1]);
        byte[] shortPacket = new byte[15];
        shortPacket[0] = (byte) 0x80;
        assertEquals(new SrtpResult.Rejected(Reason.MALFORMED), rx.unprotectRtp(shortPacket, 0, 15));
        byte[] badExtension = rtp(1, 20);
        badExtension[0] = (byte) 0x90;
        badExtension[14] = (byte) 0xFF;
        assertEquals(new SrtpResult.Rejected(Reason.MALFORMED), rx.unprotectRtp(badExtension, 0, badExtension.length));
        assertEquals(new SrtpResult.Rejected(Reason.MALFORMED), rx.unprotectRtcp(new byte[10], 0, 10));

        SrtpSession tx = SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_80, k[0], k[1]);
        byte[] ext = rtp(2, 20);
        ext[0] = (byte) 0x90;
        ext[14] = 0;
        ext[15] = 1; // one extension word: header is 12 + 4 + 4
        byte[] p = protect(tx, ext);
        assertArrayEquals(Arrays.copyOf(ext, 20), Arrays.copyOf(p, 20));
        p[17] ^= 1;
        assertEquals(new SrtpResult.Rejected(Reason.AUTHENTICATION_FAILED), rx.unprotectRtp(p, 0, p.length));
    }

    @Test
    void f8AndMkiWithGcmAreRefusedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> SrtpSession.create(SrtpSuite.F8_128_HMAC_SHA1_80,
            new byte[16], new byte[14]));
        assertThrows(IllegalArgumentException.class, () -> SrtpSession.create(SrtpSuite.AEAD_AES_128_GCM,
            new byte[16], new byte[12], new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_80,
            new byte[16], new byte[12]));
    }
}
