package io.vouch.sip;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An immutable SIP request or response (RFC 3261 §7). Typed header values are parsed when the message is
 * decoded or built, so on a decoded message the accessors of mandatory headers never throw; on a built
 * message without such a header they throw {@link IllegalStateException}. Two messages are equal when
 * start line, header lines (in order, Content-Length aside since the encoder derives it) and body are.
 */
public sealed interface SipMessage permits SipRequest, SipResponse {

    SipHeaders headers();

    /** A copy of the body. */
    byte[] body();

    int bodyLength();

    /** The body decoded as UTF-8. */
    String bodyText();

    String callId();

    CSeq cseq();

    /** Every Via value, topmost first. */
    List<Via> vias();

    /** The topmost Via. */
    Via topVia();

    NameAddr from();

    NameAddr to();

    OptionalInt maxForwards();

    /** The Expires header in seconds (RFC 3261 §20.19), clamped to 2^32-1. */
    OptionalLong expires();

    List<Contact> contacts();

    List<NameAddr> routes();

    List<NameAddr> recordRoutes();

    /** Path values (RFC 3327). */
    List<NameAddr> paths();

    /** Option tags of Supported (RFC 3261 §20.37). */
    List<String> supported();

    /** Option tags of Require (RFC 3261 §20.32). */
    List<String> require();

    Optional<String> contentType();

    List<AuthHeader> authorizations();

    List<AuthHeader> proxyAuthorizations();

    List<AuthHeader> wwwAuthenticates();

    List<AuthHeader> proxyAuthenticates();

    /** Identity header values (RFC 8224 §4), one per header line, never split on commas. */
    List<String> identities();

    /** A builder pre-filled with this message's start line, headers and body. */
    Builder<? extends SipMessage> newBuilder();

    /** Common builder operations of requests and responses. */
    interface Builder<M extends SipMessage> {
        Builder<M> header(String name, Object value);

        Builder<M> setHeader(String name, Object value);

        Builder<M> removeHeader(String name);

        Builder<M> body(byte[] body);

        M build();
    }
}
