package io.vouch.loadtest.internal;

import java.util.function.Consumer;

/**
 * One path to the target over which simulated calls send requests: a UDP socket or one TCP/TLS connection
 * (RFC 3261 §18.1). Its local address goes into Via sent-by and Contact.
 */
public interface SipFlow {

    /** {@code UDP}, {@code TCP} or {@code TLS}, as written in Via. */
    String transport();

    /** Whether the transport is reliable (no retransmissions, RFC 3261 §17.1.1.2). */
    boolean reliable();

    /** Local host (IPv6 in brackets) and port as they appear in Via sent-by. */
    String localHostPort();

    /** Sends one whole message; {@code onError} runs on the engine's thread if it cannot be sent. */
    void send(byte[] message, Consumer<Throwable> onError);
}
