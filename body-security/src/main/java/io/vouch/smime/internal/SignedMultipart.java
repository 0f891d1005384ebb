package io.vouch.smime.internal;

import io.vouch.smime.MimeEntity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Splits a {@code multipart/signed} body (RFC 1847 §2.1) into the exact octets of its first part — header fields
 * included, the line end before the next delimiter excluded, as the signature covers them — and its second part.
 */
public final class SignedMultipart {

    /** The signed octets and the signature entity. */
    public record Split(byte[] signed, MimeEntity signature) {
    }

    private SignedMultipart() {
    }

    /** The two parts, or a short fixed reason. */
    public static Either split(String boundary, byte[] body, int maxParts) {
        if (boundary.isEmpty() || boundary.length() > 70) {
            return Either.fail("multipart boundary missing or invalid");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int first = find(body, delimiter, 0);
        if (first < 0) {
            return Either.fail("multipart boundary not found");
        }
        int[] starts = new int[maxParts + 1];
        int[] ends = new int[maxParts + 1];
        int count = 0;
        int at = first;
        while (true) {
            int after = at + delimiter.length;
            if (startsWith(body, after, "--")) {
                break;
            }
            int lineEnd = indexOf(body, (byte) '\n', after);
            if (lineEnd < 0 || !blank(body, after, lineEnd)) {
                return Either.fail("malformed multipart delimiter line");
            }
            int start = lineEnd + 1;
            int next = find(body, delimiter, start);
            if (next < 0) {
                return Either.fail("multipart close delimiter missing");
            }
            if (count == maxParts) {
                return Either.fail("too many multipart parts");
            }
            int end = next;
            if (end > start && body[end - 1] == '\n') {
                end--;
                if (end > start && body[end - 1] == '\r') {
                    end--;
                }
            }
            starts[count] = start;
            ends[count] = Math.max(start, end);
            count++;
            at = next;
        }
        if (count != 2) {
            return Either.fail("multipart/signed needs exactly two parts");
        }
        byte[] signed = Arrays.copyOfRange(body, starts[0], ends[0]);
        Optional<MimeEntity> sig = MimeText.parseEntity(Arrays.copyOfRange(body, starts[1], ends[1]));
        if (sig.isEmpty()) {
            return Either.fail("malformed signature part");
        }
        return new Either(Optional.of(new Split(signed, sig.get())), "");
    }

    /** A split or a failure reason. */
    public record Either(Optional<Split> split, String reason) {
        static Either fail(String reason) {
            return new Either(Optional.empty(), reason);
        }
    }

    /** The next delimiter at a line start at or after {@code from}, or -1. */
    private static int find(byte[] body, byte[] delimiter, int from) {
        for (int i = from; i + delimiter.length <= body.length; i++) {
            if ((i == 0 || body[i - 1] == '\n') && regionMatches(body, i, delimiter)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionMatches(byte[] body, int at, byte[] what) {
        for (int j = 0; j < what.length; j++) {
            if (body[at + j] != what[j]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] body, int at, String s) {
        return at + s.length() <= body.length && regionMatches(body, at, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int indexOf(byte[] body, byte b, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Transport padding after a delimiter (RFC 2046 §5.1.1): only white space before the line end. */
    private static boolean blank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
