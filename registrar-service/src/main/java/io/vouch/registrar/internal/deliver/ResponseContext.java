package io.vouch.registrar.internal.deliver;

import io.vouch.proto.SipEvent;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.util.BitSet;
import java.util.Optional;

/**
 * The response context of one request forwarded to several contacts (RFC 3261 §16.7): which branches gave a final
 * response and the best one so far. A 2xx is sent upstream at once (step 5); otherwise, once every branch is final,
 * a 6xx beats the rest, then the lowest class, the first to arrive within a class (step 6), and a chosen 503
 * becomes 500 (step 6). Not thread-safe: the stage's event loop only.
 */
final class ResponseContext {
    final String upstreamKey;
    final String aor;
    final SipEvent event;
    final SipRequest request;
    private final int branches;
    private final BitSet done = new BitSet();
    private SipResponse best;
    private boolean answered;
    long timerId = -1;

    ResponseContext(String upstreamKey, String aor, SipEvent event, SipRequest request, int branches) {
        this.upstreamKey = upstreamKey;
        this.aor = aor;
        this.event = event;
        this.request = request;
        this.branches = branches;
    }

    /**
     * Records branch {@code index}'s final response (its own top Via already removed); returns the response to send
     * upstream now, if this one decides it. A branch's second final response, or one after the answer, is ignored.
     */
    Optional<SipResponse> onFinal(int index, SipResponse response) {
        if (index < 0 || index >= branches || done.get(index) || answered) {
            return Optional.empty();
        }
        done.set(index);
        if (response.status() >= 200 && response.status() < 300) {
            answered = true;
            return Optional.of(response);
        }
        if (best == null || better(response.status(), best.status())) {
            best = response;
        }
        if (done.cardinality() < branches) {
            return Optional.empty();
        }
        answered = true;
        return Optional.of(best.status() == 503 ? best.newBuilder().status(500).reason("Server Internal Error")
                .build() : best);
    }

    /** Whether every branch has answered or the context was answered upstream. */
    boolean answered() {
        return answered;
    }

    /** Marks the context answered (a timeout or an error answered it); later responses are ignored. */
    void close() {
        answered = true;
    }

    /** RFC 3261 §16.7 step 6: a 6xx over anything else, then the lower class; ties keep the first. */
    static boolean better(int candidate, int current) {
        if (candidate / 100 == 6) {
            return current / 100 != 6;
        }
        if (current / 100 == 6) {
            return false;
        }
        return candidate / 100 < current / 100;
    }
}
