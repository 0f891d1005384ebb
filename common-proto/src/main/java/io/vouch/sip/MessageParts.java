package io.vouch.sip;

import io.vouch.sip.internal.HeaderParsers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Headers, body and typed values shared by {@link SipRequest} and {@link SipResponse}. */
final class MessageParts {
    private static final byte[] NO_BODY = new byte[0];

    final SipHeaders headers;
    final byte[] body;
    final TypedHeaders typed;

    MessageParts(SipHeaders headers, byte[] body, TypedHeaders typed) {
        this.headers = headers;
        this.body = body == null || body.length == 0 ? NO_BODY : body;
        this.typed = typed;
    }

    /** Parses typed headers of a built message; malformed values are programmer errors. */
    static MessageParts built(SipHeaders headers, byte[] body) {
        TypedHeaders t = TypedHeaders.parse(headers);
        if (t.error != null) {
            throw new IllegalArgumentException(t.error);
        }
        return new MessageParts(headers, body == null ? null : body.clone(), t.freeze());
    }

    /** Keeps malformed typed headers (for answering malformed requests verbatim); their accessors throw. */
    static MessageParts lenient(SipHeaders headers, byte[] body) {
        return new MessageParts(headers, body == null ? null : body.clone(), TypedHeaders.parse(headers).freeze());
    }

    /** These parts with {@code headers} whose only change is the top Via, now {@code via}. */
    MessageParts withTopVia(SipHeaders headers, Via via) {
        if (typed.vias.isEmpty()) {
            throw new IllegalStateException("message has no Via");
        }
        return new MessageParts(headers, body, typed.withTopVia(via));
    }

    private static <T> T required(T v, String name) {
        if (v == null) {
            throw new IllegalStateException("message has no " + name);
        }
        return v;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    String callId() {
        return required(typed.callId, "Call-ID");
    }

    CSeq cseq() {
        return required(typed.cseq, "CSeq");
    }

    Via topVia() {
        if (typed.vias.isEmpty()) {
            throw new IllegalStateException("message has no Via");
        }
        return typed.vias.get(0);
    }

    NameAddr from() {
        return required(typed.from, "From");
    }

    NameAddr to() {
        return required(typed.to, "To");
    }

    OptionalInt maxForwards() {
        return typed.maxForwards < 0 ? OptionalInt.empty() : OptionalInt.of(typed.maxForwards);
    }

    OptionalLong expires() {
        return typed.expires < 0 ? OptionalLong.empty() : OptionalLong.of(typed.expires);
    }

    List<String> tokens(String name) {
        return List.copyOf(HeaderParsers.tokens(headers.lines(name)));
    }

    Optional<String> contentType() {
        return headers.first("Content-Type");
    }

    List<String> identities() {
        return headers.lines("Identity");
    }
}
