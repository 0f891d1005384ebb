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
