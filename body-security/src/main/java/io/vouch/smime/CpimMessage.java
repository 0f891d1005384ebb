package io.vouch.smime;

import io.vouch.smime.internal.CpimCodec;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A CPIM message (RFC 3862 §3): message headers (From, To, cc, DateTime, Subject, NS, Require and extensions) then the
 * encapsulated MIME entity. Signed inside a {@code multipart/signed} body it puts sender, recipients and time under the
 * signature (RFC 8591 §9, RFC 3862 §6.2), which SIP's own headers are not. Immutable.
 */
public record CpimMessage(List<MimeEntity.Header> headers, MimeEntity content) {
    public static final String CONTENT_TYPE = "message/cpim";

    public CpimMessage {
        headers = List.copyOf(headers);
        Objects.requireNonNull(content, "content");
    }

    /** The outcome of parsing untrusted CPIM text. */
    public sealed interface Result {
        record Parsed(CpimMessage message) implements Result {
        }

        record Malformed(String reason) implements Result {
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Parses {@code message/cpim} content (CRLF or LF line ends); never throws on input. */
    public static Result parse(byte[] content) {
        return CpimCodec.parse(content);
    }

    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(MimeEntity.Header::value).findFirst();
    }

    public List<String> all(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(MimeEntity.Header::value).toList();
    }

    /** The URI of the From header (inside angle brackets, RFC 3862 §3.2.1), if any. */
    public Optional<String> fromUri() {
        return header("From").flatMap(CpimCodec::uriOf);
    }

    /** The URIs of every To header. */
    public List<String> toUris() {
        return all("To").stream().map(CpimCodec::uriOf).flatMap(Optional::stream).toList();
    }

    /** DateTime (RFC 3862 §3.2.4, RFC 3339); empty when absent or not a date-time. */
    public Optional<OffsetDateTime> dateTime() {
        return header("DateTime").flatMap(CpimCodec::dateTime);
    }

    /** Message headers, an empty line, then the encapsulated entity (RFC 3862 §3.1), all with CRLF. */
    public byte[] encode() {
        StringBuilder sb = new StringBuilder();
        for (MimeEntity.Header h : headers) {
            sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] inner = content.encode();
        byte[] all = new byte[head.length + inner.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(inner, 0, all, head.length, inner.length);
        return all;
    }

    /** This message as a {@code message/cpim} entity, ready to sign or send. */
    public MimeEntity toEntity() {
        return MimeEntity.of(CONTENT_TYPE, encode());
    }

    /** Builds a CPIM message; From and DateTime are required, at least one To. */
    public static final class Builder {
        private String from;
        private final List<String> to = new ArrayList<>();
        private final List<String> cc = new ArrayList<>();
        private OffsetDateTime dateTime;
        private String subject;
        private final List<MimeEntity.Header> extra = new ArrayList<>();
        private MimeEntity content;

        private Builder() {
        }

        /** The sender as {@code [display-name] <URI>} or a bare URI (put in angle brackets). */
        public Builder from(String nameAddr) {
            this.from = CpimCodec.nameAddr(nameAddr);
            return this;
        }

        public Builder to(String nameAddr) {
            to.add(CpimCodec.nameAddr(nameAddr));
            return this;
        }

        public Builder cc(String nameAddr) {
            cc.add(CpimCodec.nameAddr(nameAddr));
            return this;
        }

        public Builder dateTime(OffsetDateTime time) {
            this.dateTime = time;
            return this;
        }

        public Builder subject(String text) {
            this.subject = text;
            return this;
        }

        /** Any other message header, such as {@code NS} or {@code Require} (RFC 3862 §3.2). */
        public Builder header(String name, String value) {
            extra.add(new MimeEntity.Header(name, value));
            return this;
        }

        public Builder content(MimeEntity entity) {
            this.content = entity;
            return this;
        }

        public CpimMessage build() {
            if (from == null || to.isEmpty() || dateTime == null || content == null) {
                throw new IllegalStateException("CPIM needs From, To, DateTime and content");
            }
            List<MimeEntity.Header> hs = new ArrayList<>();
            hs.add(new MimeEntity.Header("From", from));
            to.forEach(t -> hs.add(new MimeEntity.Header("To", t)));
            cc.forEach(t -> hs.add(new MimeEntity.Header("cc", t)));
            hs.add(new MimeEntity.Header("DateTime", dateTime.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
            if (subject != null) {
                hs.add(new MimeEntity.Header("Subject", subject));
            }
            hs.addAll(extra);
            return new CpimMessage(hs, content);
        }
    }
}
