package io.vouch.loadtest.internal;

import io.vouch.sip.SipResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * The client transactions of a run (RFC 3261 §17.1): matches responses by top Via branch and CSeq method
 * (§17.1.3), retransmits over unreliable transports — INVITE with Timer A doubling from T1 until a provisional
 * response (§17.1.1.2), non-INVITE with Timer E doubling from T1 capped at T2, at T2 once a provisional response
 * arrived (§17.1.2.2) — and gives up at Timer B/F (64*T1, also applied on reliable transports). ACKs non-2xx final
 * responses to INVITE inside the transaction (§17.1.1.3). Unlike §17.1.1.2, an INVITE also gives up at 64*T1 in
 * the Proceeding state: a load test bounds every call. Single-threaded.
 */
public final class ClientTransactions {

    private final TimerQueue timers;
    private final long t1;
    private final long t2;
    private final long timeout;
    private final Map<String, Tx> byBranch = new HashMap<>();

    /** Times in nanoseconds; {@code timeout} is normally 64*T1. */
    public ClientTransactions(TimerQueue timers, long t1Nanos, long t2Nanos, long timeoutNanos) {
        this.timers = timers;
        this.t1 = t1Nanos;
        this.t2 = t2Nanos;
        this.timeout = timeoutNanos;
    }

    private final class Tx {
        final String branch;
        final String method;
        final boolean invite;
        final byte[] request;
        final SipFlow flow;
        final TransactionUser user;
        final long deadline;
        long interval;
        boolean proceeding;
        boolean done;

        Tx(String branch, String method, byte[] request, SipFlow flow, TransactionUser user, long now) {
            this.branch = branch;
            this.method = method;
            this.invite = method.equals("INVITE");
            this.request = request;
            this.flow = flow;
            this.user = user;
            this.deadline = now + timeout;
            this.interval = t1;
        }

        void transmit(boolean retransmission) {
            user.onTransmitted(retransmission);
            flow.send(request, this::failed);
        }

        void failed(Throwable cause) {
            if (!done) {
                finish();
                user.onTransportError(cause);
            }
        }

        void finish() {
            done = true;
            byBranch.remove(branch);
        }

        void arm(long now) {
            long next = flow.reliable() || (invite && proceeding) ? deadline : Math.min(now + interval, deadline);
            timers.schedule(next, () -> fire(next));
        }

        void fire(long at) {
            if (done) {
                return;
            }
            if (at >= deadline) {
                finish();
                user.onTimeout();
                return;
            }
            if (invite && proceeding) {
                // Timer A stops once a provisional response arrived (RFC 3261 §17.1.1.2); only the timeout remains.
                arm(at);
                return;
            }
            transmit(true);
            interval = invite ? interval * 2 : Math.min(interval * 2, t2);
            arm(at);
        }

        void provisional(SipResponse r, long now) {
            if (!proceeding) {
                proceeding = true;
                if (!invite) {
                    interval = t2;
                }
            }
            user.onProvisional(r);
        }
    }

    /**
     * Starts a transaction and sends its request now.
     *
     * @param branch the request's top Via branch (unique per transaction)
     * @param method the request method, as in CSeq
     */
    public void start(String branch, String method, byte[] request, SipFlow flow, TransactionUser user, long now) {
        Tx tx = new Tx(branch, method, request, flow, user, now);
        if (byBranch.putIfAbsent(branch, tx) != null) {
            throw new IllegalArgumentException("branch already in use: " + branch);
        }
        tx.transmit(false);
        if (!tx.done) {
            tx.arm(now);
        }
    }

    /**
     * Hands a response to its transaction; returns false when none matches (a retransmitted or late response).
     */
    public boolean onResponse(SipResponse response, long now) {
        String branch = response.topVia().branch().orElse("");
        Tx tx = byBranch.get(branch);
        if (tx == null || !tx.method.equals(response.cseq().method())) {
            return false;
        }
        if (response.provisional()) {
            tx.provisional(response, now);
            return true;
        }
        tx.finish();
        if (tx.invite && response.status() >= 300) {
            tx.flow.send(tx.user.ackFor(response), cause -> { });
        }
        tx.user.onFinal(response);
        return true;
    }

    /** Transactions still waiting for a final response. */
    public int active() {
        return byBranch.size();
    }
}
