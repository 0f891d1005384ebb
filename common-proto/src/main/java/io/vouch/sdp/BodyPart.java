package io.vouch.sdp;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One part of a multipart body (RFC 2046 §5.1.1, RFC 5621 §3): its header fields in order and its content
 * octets. A part without Content-Type is {@code text/plain} (RFC 2046 §5.1.1); {@link #contentType()} is empty
 * then or when the header does not parse.
 */
public record BodyPart(List<Map.Entry<String, String>> headers, byte[] content) {
    public BodyPart {
        headers = List.copyOf(headers);
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The first header named {@code name}, case-insensitively. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    public Optional<ContentType> contentType() {
        return header("Content-Type").flatMap(ContentType::parse);
    }
}
