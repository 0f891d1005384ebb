package io.vouch.identity.internal.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * Converts ECDSA signatures between ASN.1 DER ({@code SEQUENCE { r INTEGER, s INTEGER }}, what JCA providers and
 * OpenSSL produce) and the fixed-length {@code R || S} form JWS requires (RFC 7518 §3.4).
 */
public final class EcdsaSignatures {
    private EcdsaSignatures() {
    }

    /** DER to {@code R || S} with each half {@code size} bytes (32 for P-256); empty when the DER is malformed. */
    public static Optional<byte[]> derToJose(byte[] der, int size) {
        if (der == null || der.length < 8 || der[0] != 0x30) {
            return Optional.empty();
        }
        int[] pos = {1};
        int seqLen = readLength(der, pos);
        if (seqLen < 0 || pos[0] + seqLen != der.length) {
            return Optional.empty();
        }
        byte[] r = readInteger(der, pos);
        byte[] s = r == null ? null : readInteger(der, pos);
        if (s == null || pos[0] != der.length) {
            return Optional.empty();
        }
        byte[] out = new byte[2 * size];
        if (!copyUnsigned(r, out, 0, size) || !copyUnsigned(s, out, size, size)) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /** {@code R || S} to DER; empty when the length is odd or zero. */
    public static Optional<byte[]> joseToDer(byte[] jose) {
        if (jose == null || jose.length == 0 || jose.length % 2 != 0) {
            return Optional.empty();
        }
        int half = jose.length / 2;
        byte[] r = new BigInteger(1, Arrays.copyOfRange(jose, 0, half)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(jose, half, jose.length)).toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream(jose.length + 8);
        writeTlv(body, 0x02, r);
        writeTlv(body, 0x02, s);
        ByteArrayOutputStream out = new ByteArrayOutputStream(jose.length + 10);
        writeTlv(out, 0x30, body.toByteArray());
        return Optional.of(out.toByteArray());
    }

    private static void writeTlv(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len & 0xff);
        }
        out.write(value, 0, value.length);
    }

    private static int readLength(byte[] b, int[] pos) {
        if (pos[0] >= b.length) {
            return -1;
        }
        int first = b[pos[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int n = first & 0x7f;
        if (n == 0 || n > 2 || pos[0] + n > b.length) {
            return -1;
        }
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (b[pos[0]++] & 0xff);
        }
        return len;
    }

    private static byte[] readInteger(byte[] b, int[] pos) {
        if (pos[0] >= b.length || b[pos[0]++] != 0x02) {
            return null;
        }
        int len = readLength(b, pos);
        if (len <= 0 || pos[0] + len > b.length) {
            return null;
        }
        byte[] v = Arrays.copyOfRange(b, pos[0], pos[0] + len);
        pos[0] += len;
        return v;
    }

    private static boolean copyUnsigned(byte[] integer, byte[] out, int offset, int size) {
        if (integer[0] < 0) {
            return false; // negative r or s is never a valid ECDSA signature
        }
        int start = 0;
        while (start < integer.length - 1 && integer[start] == 0) {
            start++;
        }
        int len = integer.length - start;
        if (len > size) {
            return false;
        }
        System.arraycopy(integer, start, out, offset + size - len, len);
        return true;
    }
}
