package io.vouch.smime;

import io.vouch.sdp.ContentType;
import io.vouch.smime.internal.MimeText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A MIME entity (RFC 2045 §2.4): header fields in order and content octets. A SIP body with its Content-Type header is
 * one (RFC 3261 §7.4), so is each part of a multipart body; an entity without Content-Type is {@code text/plain}
 * (RFC 2045 §5.2). Immutable.
 */
public record MimeEntity(List<Header> headers, byte[] content) {

    /** One header field; the name keeps its case, matching is case-insensitive. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty() || name.indexOf(':') >= 0 || name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header field cannot be written on one line: " + name);
            }
        }
    }

    public MimeEntity {
        headers = List.copyOf(headers);
        content = content.clone();
    }

    /** An entity with only a Content-Type header: how a SIP body and its Content-Type become a MIME entity. */
    public static MimeEntity of(String contentType, byte[] content) {
        return new MimeEntity(List.of(new Header("Content-Type", contentType)), content);
    }

    /** Parses header fields, an empty line and content (CRLF or LF line ends); empty when the header block is malformed. */
    public static Optional<MimeEntity> parse(byte[] bytes) {
        return MimeText.parseEntity(bytes);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The first header named {@code name}, case-insensitively. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    /** The Content-Type value, {@code text/plain} when absent (RFC 2045 §5.2). */
    public String contentType() {
        return header("Content-Type").orElse("text/plain");
    }

    /** The parsed Content-Type; empty when it does not follow the grammar. */
    public Optional<ContentType> parsedContentType() {
        return ContentType.parse(contentType());
    }

    /** The content with its Content-Transfer-Encoding (base64, quoted-printable or identity) undone; empty if invalid. */
    public Optional<byte[]> decodedContent() {
        String cte = header("Content-Transfer-Encoding").orElse("binary").strip().toLowerCase(Locale.ROOT);
        return switch (cte) {
            case "7bit", "8bit", "binary" -> Optional.of(content.clone());
            case "base64" -> MimeText.base64Decode(content);
            case "quoted-printable" -> MimeText.quotedPrintableDecode(content);
            default -> Optional.empty();
        };
    }

    /** The same entity with its content base64-encoded in 64-column CRLF lines and Content-Transfer-Encoding set. */
    public MimeEntity base64() {
        List<Header> hs = new ArrayList<>();
        for (Header h : headers) {
            if (!h.name().equalsIgnoreCase("Content-Transfer-Encoding")) {
                hs.add(h);
            }
        }
        hs.add(new Header("Content-Transfer-Encoding", "base64"));
        return new MimeEntity(hs, MimeText.base64Lines(content));
    }

    /** The same entity with {@code name} set to {@code value} (replacing any earlier field of that name). */
    public MimeEntity withHeader(String name, String value) {
        List<Header> hs = new ArrayList<>();
        boolean replaced = false;
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                if (!replaced) {
                    hs.add(new Header(name, value));
                    replaced = true;
                }
            } else {
                hs.add(h);
            }
        }
        if (!replaced) {
            hs.add(new Header(name, value));
        }
        return new MimeEntity(hs, content);
    }

    /** Header fields each ended by CRLF, an empty line, then the content octets unchanged. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 64 * (headers.size() + 1));
        for (Header h : headers) {
            out.writeBytes((h.name() + ": " + h.value() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(new byte[] {'\r', '\n'});
        out.writeBytes(content);
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MimeEntity e && headers.equals(e.headers) && java.util.Arrays.equals(content, e.content);
    }

    @Override
    public int hashCode() {
        return 31 * headers.hashCode() + java.util.Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "MimeEntity[" + contentType() + ", " + content.length + " octets]";
    }
}
