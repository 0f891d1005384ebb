package io.vouch.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Structure-aware random mutations of SIP messages for robustness tests; deterministic for a given seed. */
final class Mutator {
    private static final byte[] SPECIAL = " \t\r\n:;,=\"<>@%[]?&\\/*\0\u007f".getBytes(StandardCharsets.ISO_8859_1);
    private static final String[] TOKENS = {
        "\r\n", "\r\n\r\n", "\n", "\r", "\r\n ", ";;", ",,", "<", ">", "\"", "\\", "%", "%0", "%zz", "[", "]", ":",
        "@", "sip:", "sips:", "tel:+", "SIP/2.0", "SIP/2.0/UDP ", "Content-Length: ", "Content-Length: 99999999999",
        "Content-Length: -1", "l: 0", "Via: ", "v: SIP/2.0/TCP h;branch=z9hG4bK", "CSeq: 1 ", "Call-ID: ", "i: x",
        "To: ", "From: ", "Contact: *", "m: <sip:a@b>;expires=", "Max-Forwards: ", "Expires: ",
        "Authorization: Digest ", "realm=\"", ";tag=", ";branch=", ";rport", ";received=[::1]", "*",
        "4294967296", "0", "65536", "\u00ff\u00fe", "\u00c3\u0028", "\u00e9",
    };

    private final SplittableRandom random;

    Mutator(long seed) {
        random = new SplittableRandom(seed);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    byte[] mutate(byte[] in) {
        byte[] b = in;
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            b = once(b);
        }
        return b;
    }

    private byte[] once(byte[] b) {
        if (b.length == 0) {
            return token();
        }
        int at = random.nextInt(b.length);
        return switch (random.nextInt(9)) {
            case 0 -> { // flip bits
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << random.nextInt(8));
                yield c;
            }
            case 1 -> { // replace with a separator
                byte[] c = b.clone();
                c[at] = SPECIAL[random.nextInt(SPECIAL.length)];
                yield c;
            }
            case 2 -> splice(b, at, 0, new byte[] {SPECIAL[random.nextInt(SPECIAL.length)]});
            case 3 -> splice(b, at, 0, token());
            case 4 -> splice(b, at, Math.min(b.length - at, 1 + random.nextInt(16)), new byte[0]);
            case 5 -> Arrays.copyOf(b, at); // truncate
            case 6 -> { // duplicate a range
                int len = Math.min(b.length - at, 1 + random.nextInt(64));
                yield splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
            }
            case 7 -> { // move a line elsewhere
                int start = lineStart(b, at);
                int end = lineEnd(b, at);
                byte[] line = Arrays.copyOfRange(b, start, end);
                byte[] without = splice(b, start, end - start, new byte[0]);
                yield splice(without, without.length == 0 ? 0 : random.nextInt(without.length), 0, line);
            }
            default -> { // replace a number by an extreme one
                byte[] c = splice(b, at, 0, Long.toString(random.nextLong()).getBytes(StandardCharsets.US_ASCII));
                yield c;
            }
        };
    }

    private byte[] token() {
        return TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int lineStart(byte[] b, int at) {
        int i = at;
        while (i > 0 && b[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    private static int lineEnd(byte[] b, int at) {
        int i = at;
        while (i < b.length && b[i] != '\n') {
            i++;
        }
        return Math.min(b.length, i + 1);
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, at);
        out.writeBytes(insert);
        out.write(b, at + remove, b.length - at - remove);
        return out.toByteArray();
    }
}
