package io.vouch.media.srtp;

import static io.vouch.media.srtp.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.vouch.media.srtp.SrtpResult.Reason;
import io.vouch.media.srtp.internal.SessionKeys;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every packet vector of {@code vectors.json}, protected and unprotected, plus the derived negatives. */
class SrtpVectorsTest {
    /** RFC 3711 Appendix B.3 master key and salt; libsrtp's srtp_validate uses the same pair. */
    static final byte[] MASTER_KEY = hex("e1f97a0d3e018be0d64fa32c06de4139");
    static final byte[] MASTER_SALT = hex("0ec675ad498afeebb6960b3aabe6");
    static final String LIBSRTP_RTP = "800f1234decafbadcafebabe" + "ab".repeat(16);
    static final String LIBSRTP_SRTCP =
        "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798";

    @Test
    void aesCm128ProtectsLibsrtpPacketToTheReplayVectorAndBack() {
        String srtp = Vectors.byId("neg-replay").getString("packet");
        SrtpSession tx = SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        assertEquals(srtp, hex(protectRtp(tx, hex(LIBSRTP_RTP))));

        SrtpSession rx = SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        byte[] buf = hex(srtp);
        assertEquals(new SrtpResult.Unprotected(28), rx.unprotectRtp(buf, 0, buf.length));
        assertEquals(LIBSRTP_RTP, hex(Arrays.copyOf(buf, 28)));
    }

    @Test
    void aesCm128SrtcpMatchesLibsrtpValidationPacket() {
        SrtpSession tx = SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        byte[] plain = hex("81c8000bcafebabe" + "ab".repeat(16));
        tx.nextRtcpIndex(0xcafebabe, 1);
        byte[] buf = Arrays.copyOf(plain, plain.length + tx.rtcpOverhead());
        assertEquals(LIBSRTP_SRTCP, hex(Arrays.copyOf(buf, tx.protectRtcp(buf, 0, plain.length))));

        SrtpSession rx = SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        byte[] in = hex(LIBSRTP_SRTCP);
        assertEquals(new SrtpResult.Unprotected(24), rx.unprotectRtcp(in, 0, in.length));
        assertEquals(hex(plain), hex(Arrays.copyOf(in, 24)));
        byte[] again = hex(LIBSRTP_SRTCP);
        assertEquals(new SrtpResult.Rejected(Reason.REPLAYED), rx.unprotectRtcp(again, 0, again.length));
    }

    @Test
    void derivedNegativesAreDropped() {
        for (String id : new String[] {"neg-srtp-tag-bitflip", "neg-srtp-payload-bitflip"}) {
            SrtpSession rx = SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
            byte[] p = hex(Vectors.byId(id).getString("packet"));
            assertEquals(new SrtpResult.Rejected(Reason.AUTHENTICATION_FAILED), rx.unprotectRtp(p, 0, p.length), id);
        }
        SrtpSession gcm = gcm(Vectors.byId("rfc7714-16.1.1-aead-aes-128-gcm-rtp"), SrtpSuite.AEAD_AES_128_GCM);
        byte[] p = hex(Vectors.byId("neg-gcm-tag-bitflip").getString("packet"));
        assertEquals(new SrtpResult.Rejected(Reason.AUTHENTICATION_FAILED), gcm.unprotectRtp(p, 0, p.length));
    }

    @Test
    void replayOfAnIdenticalPacketIsRejected() {
        SrtpSession rx = SrtpSession.create(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        String packet = Vectors.byId("neg-replay").getString("packet");
        byte[] first = hex(packet);
        assertEquals(new SrtpResult.Unprotected(28), rx.unprotectRtp(first, 0, first.length));
        byte[] second = hex(packet);
        assertEquals(new SrtpResult.Rejected(Reason.REPLAYED), rx.unprotectRtp(second, 0, second.length));
    }

    @Test
    void aeadRtpVectorsOfRfc7714Section16() {
        checkGcmRtp("rfc7714-16.1.1-aead-aes-128-gcm-rtp", SrtpSuite.AEAD_AES_128_GCM);
        checkGcmRtp("rfc7714-16.2.1-aead-aes-256-gcm-rtp", SrtpSuite.AEAD_AES_256_GCM);
    }

    @Test
    void aeadSrtcpVectorsOfRfc7714Section17() {
        checkGcmRtcp("rfc7714-17.1.1-aead-aes-128-gcm-srtcp", SrtpSuite.AEAD_AES_128_GCM);
        checkGcmRtcp("rfc7714-17.2.1-aead-aes-256-gcm-srtcp", SrtpSuite.AEAD_AES_256_GCM);
    }

    private static void checkGcmRtp(String id, SrtpSuite suite) {
        JsonObject v = Vectors.byId(id);
        String rtp = v.getJsonObject("inputs").getString("rtp_packet");
        String srtp = v.getJsonObject("expected").getString("srtp_packet");
        assertEquals(srtp, hex(protectRtp(gcm(v, suite), hex(rtp))), id);
        if (v.getJsonObject("expected").containsKey("tag")) {
            assertEquals(v.getJsonObject("expected").getString("tag"), srtp.substring(srtp.length() - 32));
        }
        byte[] buf = hex(srtp);
        SrtpSession rx = gcm(v, suite);
        assertEquals(new SrtpResult.Unprotected(rtp.length() / 2), rx.unprotectRtp(buf, 0, buf.length));
        assertEquals(rtp, hex(Arrays.copyOf(buf, rtp.length() / 2)));
    }

    private static void checkGcmRtcp(String id, SrtpSuite suite) {
        JsonObject v = Vectors.byId(id);
        byte[] rtcp = hex(v.getJsonObject("inputs").getString("rtcp_packet"));
        int index = Integer.parseInt(v.getJsonObject("inputs").getString("srtcp_index").substring(2), 16);
        String srtcp = v.getJsonObject("expected").getString("srtcp_packet");
        SrtpSession tx = gcm(v, suite);
        tx.nextRtcpIndex(0x4d617273, index);
        byte[] buf = Arrays.copyOf(rtcp, rtcp.length + tx.rtcpOverhead());
        assertEquals(srtcp, hex(Arrays.copyOf(buf, tx.protectRtcp(buf, 0, rtcp.length))), id);
        if (v.getJsonObject("expected").containsKey("aad")) {
            assertEquals(v.getJsonObject("expected").getString("aad"),
                srtcp.substring(0, 16) + srtcp.substring(srtcp.length() - 8));
        }
        byte[] in = hex(srtcp);
        SrtpSession rx = gcm(v, suite);
        assertEquals(new SrtpResult.Unprotected(rtcp.length), rx.unprotectRtcp(in, 0, in.length));
        assertEquals(hex(rtcp), hex(Arrays.copyOf(in, rtcp.length)));
        byte[] flipped = hex(srtcp);
        flipped[20] ^= 1;
        assertEquals(new SrtpResult.Rejected(Reason.AUTHENTICATION_FAILED),
            gcm(v, suite).unprotectRtcp(flipped, 0, flipped.length));
    }

    static SrtpSession gcm(JsonObject v, SrtpSuite suite) {
        SessionKeys keys = new SessionKeys(hex(v.getJsonObject("inputs").getString("session_key")),
            hex(v.getJsonObject("inputs").getString("session_salt")), new byte[0]);
        return SrtpSession.withSessionKeys(suite, keys, keys, new byte[0]);
    }

    static byte[] protectRtp(SrtpSession s, byte[] rtp) {
        byte[] buf = Arrays.copyOf(rtp, rtp.length + s.rtpOverhead());
        return Arrays.copyOf(buf, s.protectRtp(buf, 0, rtp.length));
    }
}
