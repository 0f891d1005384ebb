package io.vouch.sdp;

import io.vouch.sdp.internal.MultipartParser;
import java.util.List;
import java.util.Objects;

/**
 * Parses a {@code multipart/*} body (RFC 2046 §5.1, as SIP uses it per RFC 5621) into its parts, split at the
 * {@code boundary} parameter of the Content-Type; never throws on input.
 */
public final class MultipartBody {
    /** Most parts in one multipart body. */
    public static final int DEFAULT_MAX_PARTS = 16;

    private MultipartBody() {
    }

    /** The parts, or a malformed reason (short fixed text). */
    public sealed interface Result {
        record Parts(List<BodyPart> parts) implements Result {
            public Parts {
                parts = List.copyOf(parts);
            }
        }

        record Malformed(String reason) implements Result {
            public Malformed {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    public static Result parse(ContentType contentType, byte[] body) {
        return parse(contentType, body, DEFAULT_MAX_PARTS);
    }

    public static Result parse(ContentType contentType, byte[] body, int maxParts) {
        if (!contentType.isMultipart()) {
            return new Result.Malformed("not a multipart body");
        }
        String boundary = contentType.parameter("boundary").orElse("");
        if (boundary.isEmpty() || boundary.length() > 70) {
            return new Result.Malformed("multipart boundary missing or invalid");
        }
        try {
            return new MultipartParser(boundary, maxParts).parse(body);
        } catch (RuntimeException e) {
            return new Result.Malformed("internal");
        }
    }
}
