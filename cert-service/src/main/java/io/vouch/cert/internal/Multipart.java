package io.vouch.cert.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code multipart/mixed} body (RFC 2046 §5.1) as used by the RFC 6072 §7 {@code credential} package: parts with
 * their header fields and content. Parsing untrusted input returns a {@link Check}; encoding is deterministic.
 */
public final class Multipart {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MAX_PARTS = 8;

    /** One body part: lower-cased header names to values, and the content bytes. */
    public record Part(Map<String, String> headers, byte[] content) {
        public Part {
            headers = Map.copyOf(headers);
        }

        /** The media type of the part without parameters, lower-cased ({@code text/plain} when absent). */
        public String mediaType() {
            return baseType(headers.getOrDefault("content-type", "text/plain"));
        }
    }

    private Multipart() {
    }

    /** The media type of a Content-Type value without parameters, lower-cased. */
    public static String baseType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The {@code boundary} parameter of a multipart Content-Type value (quotes removed). */
    public static Optional<String> boundary(String contentType) {
        for (String param : contentType.split(";")) {
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
                String v = param.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                // RFC 2046 §5.1.1: 1 to 70 characters
                return v.isEmpty() || v.length() > 70 ? Optional.empty() : Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The parts of {@code body} delimited by {@code boundary}; at most 8 parts. */
    public static Check<List<Part>> parse(String boundary, byte[] body) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int first = indexOf(body, delimiter, 0);
        if (first < 0 || (first > 0 && !precededByCrlf(body, first))) {
            return Check.refused(400, "Multipart Boundary Not Found", "multipart_malformed");
        }
        List<Part> parts = new ArrayList<>();
        int pos = first + delimiter.length;
        while (true) {
            if (startsWith(body, pos, new byte[] {'-', '-'})) {
                return parts.isEmpty() ? Check.refused(400, "Multipart Without Parts", "multipart_malformed")
                        : Check.ok(List.copyOf(parts));
            }
            int lineEnd = indexOf(body, CRLF, pos);
            if (lineEnd < 0) {
                return Check.refused(400, "Multipart Not Terminated", "multipart_malformed");
            }
            int start = lineEnd + 2;
            int next = start;
            int delim;
            while (true) {
                delim = indexOf(body, delimiter, next);
                if (delim < 0) {
                    return Check.refused(400, "Multipart Not Terminated", "multipart_malformed");
                }
                if (precededByCrlf(body, delim) && delim >= start) {
                    break;
                }
                next = delim + 1;
            }
            int contentEnd = Math.max(start, delim - 2);
            Check<Part> part = part(Arrays.copyOfRange(body, start, contentEnd));
            if (part instanceof Check.Refused<Part> r) {
                return new Check.Refused<>(r.rejection());
            }
            parts.add(((Check.Ok<Part>) part).value());
            if (parts.size() > MAX_PARTS) {
                return Check.refused(400, "Multipart Has Too Many Parts", "multipart_malformed");
            }
            pos = delim + delimiter.length;
        }
    }

    private static Check<Part> part(byte[] raw) {
        Map<String, String> headers = new LinkedHashMap<>();
        int pos = 0;
        while (true) {
            int eol = indexOf(raw, CRLF, pos);
            if (eol < 0) {
                return Check.refused(400, "Multipart Part Without Header End", "multipart_malformed");
            }
            if (eol == pos) {
                return Check.ok(new Part(headers, Arrays.copyOfRange(raw, eol + 2, raw.length)));
            }
            String line = new String(raw, pos, eol - pos, StandardCharsets.ISO_8859_1);
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return Check.refused(400, "Multipart Part Header Malformed", "multipart_malformed");
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            if (headers.size() > 16) {
                return Check.refused(400, "Multipart Part Has Too Many Headers", "multipart_malformed");
            }
            pos = eol + 2;
        }
    }

    /** Encodes {@code parts} (each with its Content-Type) with {@code boundary}. */
    public static byte[] encode(String boundary, List<Map.Entry<String, byte[]>> parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> p : parts) {
            out.writeBytes(("--" + boundary + "\r\nContent-Type: " + p.getKey() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(p.getValue());
            out.writeBytes(CRLF);
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static boolean precededByCrlf(byte[] b, int i) {
        return i >= 2 && b[i - 2] == '\r' && b[i - 1] == '\n';
    }

    private static boolean startsWith(byte[] b, int at, byte[] p) {
        if (at + p.length > b.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (b[at + i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte[] p, int from) {
        for (int i = Math.max(0, from); i <= b.length - p.length; i++) {
            if (startsWith(b, i, p)) {
                return i;
            }
        }
        return -1;
    }
}
