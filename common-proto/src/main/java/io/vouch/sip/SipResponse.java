package io.vouch.sip;

import io.vouch.sip.internal.Chars;
import io.vouch.sip.internal.HeaderNames;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** An immutable SIP response (RFC 3261 §7.2): status code 100-699, reason phrase, headers and body. */
public final class SipResponse implements SipMessage {
    private final int status;
    private final String reason;
    private final MessageParts parts;

    SipResponse(int status, String reason, MessageParts parts) {
        this.status = status;
        this.reason = reason;
        this.parts = parts;
    }

    /** A builder for a response with the given status (100-699) and reason phrase. */
    public static Builder builder(int status, String reason) {
        return new Builder(status, reason);
    }

    /**
     * A response to {@code request} per RFC 3261 §8.2.6: copies every Via in order, From, To, Call-ID and
     * CSeq, and adds a random To tag when the request had none and {@code status > 100}.
     */
    public static Builder forRequest(SipRequest request, int status, String reason) {
        return forRequest(request, status, reason, SipIds.newTag());
    }

    /** As {@link #forRequest(SipRequest, int, String)} with the To tag to add when the request had none. */
    public static Builder forRequest(SipRequest request, int status, String reason, String toTag) {
        Objects.requireNonNull(toTag, "toTag");
        Builder b = new Builder(status, reason);
        SipHeaders h = request.headers();
        for (int i = 0; i < h.size(); i++) {
            if (h.name(i).equals(HeaderNames.VIA)) {
                b.headers.add(HeaderNames.VIA, h.value(i));
            }
        }
        b.headers.add(HeaderNames.FROM, h.first(HeaderNames.FROM).orElseThrow());
        NameAddr to = request.to();
        String toValue = h.first(HeaderNames.TO).orElseThrow();
        if (status > 100 && to.tag().isEmpty()) {
            toValue = toValue + ";tag=" + toTag;
        }
        b.headers.add(HeaderNames.TO, toValue);
        b.headers.add(HeaderNames.CALL_ID, request.callId());
        b.headers.add(HeaderNames.CSEQ, h.first(HeaderNames.CSEQ).orElseThrow());
        b.headers.add(HeaderNames.CONTENT_LENGTH, "0");
        return b;
    }

    /**
     * A response to a malformed request when it is {@link DecodeResult.Malformed#respondable()}: status
     * {@link DecodeResult.Malformed#status()}, the malformation as reason phrase (RFC 3261 §21.4.1), the Via,
     * From, To (tagged), Call-ID and CSeq recovered from the request. Empty when it cannot be addressed.
     * Header values are copied verbatim even when malformed (e.g. an overlarge CSeq), so typed accessors of
     * the built response may throw {@link IllegalStateException} for them; it is meant to be encoded and sent.
     */
    public static Optional<Builder> forMalformed(DecodeResult.Malformed malformed) {
        if (!malformed.respondable() || malformed.recovered().isEmpty()) {
            return Optional.empty();
        }
        SipHeaders h = malformed.recovered().get();
        Builder b = new Builder(malformed.status(), reasonPhrase(malformed));
        b.lenient = true;
        for (int i = 0; i < h.size(); i++) {
            if (h.name(i).equals(HeaderNames.VIA)) {
                b.headers.add(HeaderNames.VIA, h.value(i));
            }
        }
        b.headers.add(HeaderNames.FROM, h.first(HeaderNames.FROM).orElseThrow());
        String to = h.first(HeaderNames.TO).orElseThrow();
        NameAddr toAddr = io.vouch.sip.internal.HeaderParsers.nameAddr(to);
        if (toAddr != null && toAddr.tag().isEmpty()) {
            to = to + ";tag=" + SipIds.newTag();
        }
        b.headers.add(HeaderNames.TO, to);
        b.headers.add(HeaderNames.CALL_ID, h.first(HeaderNames.CALL_ID).orElseThrow());
        b.headers.add(HeaderNames.CSEQ, h.first(HeaderNames.CSEQ).orElseThrow());
        b.headers.add(HeaderNames.CONTENT_LENGTH, "0");
        return Optional.of(b);
    }

    private static String reasonPhrase(DecodeResult.Malformed m) {
        String r = m.reason();
        return r.isEmpty() ? SipStatus.reason(m.status()) : Character.toUpperCase(r.charAt(0)) + r.substring(1);
    }

    /** As {@link #forRequest(SipRequest, int, String)} with the standard reason phrase. */
    public static Builder forRequest(SipRequest request, int status) {
        return forRequest(request, status, SipStatus.reason(status));
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** Whether this is a provisional (1xx) response. */
    public boolean provisional() {
        return status < 200;
    }

    @Override
    public SipHeaders headers() {
        return parts.headers;
    }

    @Override
    public byte[] body() {
        return parts.body.clone();
    }

    byte[] bodyRef() {
        return parts.body;
    }

    @Override
    public int bodyLength() {
        return parts.body.length;
    }

    @Override
    public String bodyText() {
        return parts.bodyText();
    }

    @Override
    public String callId() {
        return parts.callId();
    }

    @Override
    public CSeq cseq() {
        return parts.cseq();
    }

    @Override
    public List<Via> vias() {
        return parts.typed.vias;
    }

    @Override
    public Via topVia() {
        return parts.topVia();
    }

    @Override
    public NameAddr from() {
        return parts.from();
    }

    @Override
    public NameAddr to() {
        return parts.to();
    }

    @Override
    public OptionalInt maxForwards() {
        return parts.maxForwards();
    }

    @Override
    public OptionalLong expires() {
        return parts.expires();
    }

    @Override
    public List<Contact> contacts() {
        return parts.typed.contacts;
    }

    @Override
    public List<NameAddr> routes() {
        return parts.typed.routes;
    }

    @Override
    public List<NameAddr> recordRoutes() {
        return parts.typed.recordRoutes;
    }

    @Override
    public List<NameAddr> paths() {
        return parts.typed.paths;
    }

    @Override
    public List<String> supported() {
        return parts.tokens("Supported");
    }

    @Override
    public List<String> require() {
        return parts.tokens("Require");
    }

    @Override
    public Optional<String> contentType() {
        return parts.contentType();
    }

    @Override
    public List<AuthHeader> authorizations() {
        return parts.typed.authorizations;
    }

    @Override
    public List<AuthHeader> proxyAuthorizations() {
        return parts.typed.proxyAuthorizations;
    }

    @Override
    public List<AuthHeader> wwwAuthenticates() {
        return parts.typed.wwwAuthenticates;
    }

    @Override
    public List<AuthHeader> proxyAuthenticates() {
        return parts.typed.proxyAuthenticates;
    }

    @Override
    public List<String> identities() {
        return parts.identities();
    }

    @Override
    public Builder newBuilder() {
        Builder b = new Builder(status, reason);
        b.headers = parts.headers.newBuilder();
        b.body = parts.body;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipResponse r && status == r.status && reason.equals(r.reason)
            && parts.headers.sameExcept(r.parts.headers, HeaderNames.CONTENT_LENGTH) && java.util.Arrays.equals(parts.body, r.parts.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, reason, parts.headers.hashExcept(HeaderNames.CONTENT_LENGTH))
            * 31 + java.util.Arrays.hashCode(parts.body);
    }

    @Override
    public String toString() {
        return "SIP/2.0 " + status + " " + reason + "\r\n" + parts.headers + "\r\n"
            + (parts.body.length == 0 ? "" : "[" + parts.body.length + " body bytes]");
    }

    /** Builds a response; {@link #build()} throws IllegalArgumentException when a typed header is malformed. */
    public static final class Builder implements SipMessage.Builder<SipResponse> {
        private int status;
        private String reason;
        private SipHeaders.Builder headers = SipHeaders.builder();
        private byte[] body;
        private boolean lenient;

        private Builder(int status, String reason) {
            status(status);
            reason(reason);
        }

        public Builder status(int s) {
            if (s < 100 || s > 699) {
                throw new IllegalArgumentException("status out of range: " + s);
            }
            this.status = s;
            return this;
        }

        public Builder reason(String r) {
            Objects.requireNonNull(r, "reason");
            if (Chars.hasLineBreak(r)) {
                throw new IllegalArgumentException("reason contains CR or LF");
            }
            if (Chars.hasControl(r)) {
                throw new IllegalArgumentException("reason contains a control character");
            }
            this.reason = r;
            return this;
        }

        @Override
        public Builder header(String name, Object value) {
            headers.add(name, value);
            return this;
        }

        /** Inserts a value before the existing lines of the same name. */
        public Builder headerFirst(String name, Object value) {
            headers.addFirst(name, value);
            return this;
        }

        @Override
        public Builder setHeader(String name, Object value) {
            headers.set(name, value);
            return this;
        }

        @Override
        public Builder removeHeader(String name) {
            headers.remove(name);
            return this;
        }

        public Builder removeFirstValue(String name) {
            headers.removeFirstValue(name);
            return this;
        }

        public Builder headers(SipHeaders h) {
            headers = h.newBuilder();
            return this;
        }

        public SipHeaders.Builder headersBuilder() {
            return headers;
        }

        @Override
        public Builder body(byte[] b) {
            this.body = b;
            return this;
        }

        @Override
        public SipResponse build() {
            SipHeaders h = headers.build();
            return new SipResponse(status, reason, lenient ? MessageParts.lenient(h, body) : MessageParts.built(h, body));
        }
    }
}
