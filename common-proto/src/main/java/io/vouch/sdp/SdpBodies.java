package io.vouch.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the {@code application/sdp} content of a SIP message body by its Content-Type: the body itself, or the
 * SDP parts of a {@code multipart/*} body, nested multiparts included up to {@link #MAX_DEPTH} (RFC 5621 §3).
 */
public final class SdpBodies {
    /** Deepest multipart nesting searched. */
    public static final int MAX_DEPTH = 3;

    private SdpBodies() {
    }

    /** Where the SDP is. */
    public sealed interface Located {
        /** No SDP: no body, or no {@code application/sdp} content. */
        record Absent() implements Located {
        }

        /** The SDP contents in body order; more than one only for multipart bodies. */
        record Found(List<byte[]> sdps, boolean multipart) implements Located {
            public Found {
                sdps = sdps.stream().map(byte[]::clone).toList();
            }

            @Override
            public List<byte[]> sdps() {
                return sdps.stream().map(byte[]::clone).toList();
            }
        }

        /** A Content-Type or multipart structure that does not parse; {@code reason} fits a 400 reason phrase. */
        record Malformed(String reason) implements Located {
            public Malformed {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /** Locates SDP in {@code body} described by the Content-Type header value {@code contentType}. */
    public static Located locate(Optional<String> contentType, byte[] body) {
        if (body.length == 0 || contentType.isEmpty()) {
            return new Located.Absent();
        }
        Optional<ContentType> type = ContentType.parse(contentType.get());
        if (type.isEmpty()) {
            return new Located.Malformed("malformed Content-Type");
        }
        List<byte[]> found = new ArrayList<>();
        String problem = collect(type.get(), body, 0, found);
        if (problem != null) {
            return new Located.Malformed(problem);
        }
        return found.isEmpty() ? new Located.Absent() : new Located.Found(found, type.get().isMultipart());
    }

    /** The SDP attributes that carry or negotiate media keys (RFC 4568, RFC 8122, RFC 4145, RFC 8842, RFC 4567). */
    private static final List<String> KEYING_ATTRIBUTES = List.of("crypto", "fingerprint", "setup", "tls-id",
            "key-mgmt");

    /**
     * True when a request body certainly carries no media keying: no body, or a plain {@code application/sdp} body
     * (no Content-Encoding) without any {@code a=crypto}, {@code a=fingerprint}, {@code a=setup}, {@code a=tls-id} or
     * {@code a=key-mgmt} line (names compared case-insensitively). Anything else (multipart, other types, encoded
     * bodies, an unparseable Content-Type) is not known to be free of keying. A cheap, conservative pre-check that
     * lets a router skip the media-keying stage, which has nothing to check in such a body.
     */
    public static boolean certainlyUnkeyed(Optional<String> contentType, Optional<String> contentEncoding,
                                           byte[] body) {
        if (body.length == 0) {
            return true;
        }
        if (contentEncoding.isPresent() || contentType.isEmpty()) {
            return false;
        }
        Optional<ContentType> type = ContentType.parse(contentType.get());
        if (type.isEmpty() || !type.get().is("application", "sdp")) {
            return false;
        }
        int line = 0;
        while (line < body.length) {
            int end = line;
            while (end < body.length && body[end] != '\n' && body[end] != '\r') {
                end++;
            }
            int a = line;
            while (a < end && (body[a] == ' ' || body[a] == '\t')) {
                a++; // not valid SDP, but a line the media stage would still read as an attribute must not slip by
            }
            if (end - a > 2 && (body[a] == 'a' || body[a] == 'A') && body[a + 1] == '=' && keyingName(body, a + 2, end)) {
                return false;
            }
            line = end + 1;
        }
        return true;
    }

    private static boolean keyingName(byte[] body, int from, int end) {
        for (String name : KEYING_ATTRIBUTES) {
            int n = name.length();
            if (from + n > end) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                same = Character.toLowerCase((char) (body[from + i] & 0xff)) == name.charAt(i);
            }
            // the name ends at ':' or at the end of the line (a property attribute such as a=crypto without value)
            if (same && (from + n == end || body[from + n] == ':' || body[from + n] == ' ')) {
                return true;
            }
        }
        return false;
    }

    private static String collect(ContentType type, byte[] body, int depth, List<byte[]> found) {
        if (type.is("application", "sdp")) {
            found.add(body);
            return null;
        }
        if (!type.isMultipart()) {
            return null;
        }
        if (depth == MAX_DEPTH) {
            return "multipart nested too deep";
        }
        return switch (MultipartBody.parse(type, body)) {
            case MultipartBody.Result.Malformed m -> m.reason();
            case MultipartBody.Result.Parts p -> {
                for (BodyPart part : p.parts()) {
                    Optional<ContentType> partType = part.contentType();
                    if (part.header("Content-Type").isPresent() && partType.isEmpty()) {
                        yield "malformed multipart Content-Type";
                    }
                    if (partType.isPresent()) {
                        String problem = collect(partType.get(), part.content(), depth + 1, found);
                        if (problem != null) {
                            yield problem;
                        }
                    }
                }
                yield null;
            }
        };
    }
}
