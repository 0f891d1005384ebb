package io.vouch.loadtest.internal;

import io.vouch.sip.SipResponse;

/** What a client transaction reports to the simulated call that started it (RFC 3261 §17.1, the "TU"). */
public interface TransactionUser {

    void onProvisional(SipResponse response);

    /** A final response; for a non-2xx answer to an INVITE the ACK has already been sent (RFC 3261 §17.1.1.3). */
    void onFinal(SipResponse response);

    /** Timer B or F fired (RFC 3261 §17.1.1.2, §17.1.2.2). */
    void onTimeout();

    void onTransportError(Throwable cause);

    /** The request went out, as a first transmission or a retransmission. */
    void onTransmitted(boolean retransmission);

    /** The ACK for a non-2xx final response to this INVITE (same branch, To from the response). */
    byte[] ackFor(SipResponse response);
}
