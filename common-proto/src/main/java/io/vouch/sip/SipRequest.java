package io.vouch.sip;

import io.vouch.sip.internal.Chars;
import io.vouch.sip.internal.HeaderNames;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** An immutable SIP request (RFC 3261 §7.1): method, Request-URI, headers and body. */
public final class SipRequest implements SipMessage {
    private final String method;
    private final Uri requestUri;
    private final String requestUriText;
    private final MessageParts parts;

    SipRequest(String method, Uri requestUri, String requestUriText, MessageParts parts) {
        this.method = method;
        this.requestUri = requestUri;
        this.requestUriText = requestUriText;
        this.parts = parts;
    }

    /** A builder for a request; {@code method} must be a token (any extension method is accepted). */
    public static Builder builder(String method, Uri requestUri) {
        return new Builder(method, requestUri);
    }

    public String method() {
        return method;
    }

    public Uri requestUri() {
        return requestUri;
    }

    /** The Request-URI as received (or as formatted for built requests), used when encoding. */
    public String requestUriText() {
        return requestUriText;
    }

    /** Whether the method is {@code m}, compared case-sensitively as RFC 3261 §7.1 requires. */
    public boolean is(String m) {
        return method.equals(m);
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

    /**
     * This request with its top Via replaced by {@code via}, typically the top Via with {@code received} or
     * {@code rport} filled in (RFC 3261 §18.2.1, RFC 3581): the same headers as {@code newBuilder()
     * .removeFirstValue("Via").headerFirst("Via", via).build()} gives, but the other typed headers are carried over
     * instead of parsed again.
     */
    public SipRequest withTopVia(Via via) {
        Objects.requireNonNull(via, "via");
        SipHeaders.Builder h = parts.headers.newBuilder();
        h.removeFirstValue(HeaderNames.VIA);
        h.addFirst(HeaderNames.VIA, via);
        return new SipRequest(method, requestUri, requestUriText, parts.withTopVia(h.build(), via));
    }

    @Override
    public Builder newBuilder() {
        Builder b = new Builder(method, requestUri);
        b.headers = parts.headers.newBuilder();
        b.body = parts.body;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipRequest r && method.equals(r.method) && requestUri.equals(r.requestUri)
            && parts.headers.sameExcept(r.parts.headers, HeaderNames.CONTENT_LENGTH) && java.util.Arrays.equals(parts.body, r.parts.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, requestUri, parts.headers.hashExcept(HeaderNames.CONTENT_LENGTH))
            * 31 + java.util.Arrays.hashCode(parts.body);
    }

    @Override
    public String toString() {
        return method + " " + requestUriText + " SIP/2.0\r\n" + parts.headers + "\r\n"
            + (parts.body.length == 0 ? "" : "[" + parts.body.length + " body bytes]");
    }

    /** Builds a request; {@link #build()} throws IllegalArgumentException when a typed header is malformed. */
    public static final class Builder implements SipMessage.Builder<SipRequest> {
        private String method;
        private Uri requestUri;
        private SipHeaders.Builder headers = SipHeaders.builder();
        private byte[] body;

        private Builder(String method, Uri requestUri) {
            method(method);
            requestUri(requestUri);
        }

        public Builder method(String m) {
            Objects.requireNonNull(m, "method");
            if (!Chars.isToken(m)) {
                throw new IllegalArgumentException("method is not a token: " + m);
            }
            this.method = m;
            return this;
        }

        public Builder requestUri(Uri uri) {
            this.requestUri = Objects.requireNonNull(uri, "requestUri");
            return this;
        }

        @Override
        public Builder header(String name, Object value) {
            headers.add(name, value);
            return this;
        }

        /** Inserts a value before the existing lines of the same name (e.g. a new top Via). */
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

        /** Removes the topmost value of a list header such as Via or Route. */
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
        public SipRequest build() {
            SipHeaders h = headers.build();
            MessageParts p = MessageParts.built(h, body);
            return new SipRequest(method, requestUri, requestUri.toString(), p);
        }
    }
}
