package io.vouch.loadtest.internal;

import io.vouch.loadtest.Outcome;
import io.vouch.loadtest.SipUser;
import io.vouch.sip.AuthHeader;
import io.vouch.sip.SipResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One simulated call: a short sequence of client transactions (at most one at a time) that ends in an
 * {@link Outcome}. Subclasses send the first request in {@link #start()} and decide on each final response.
 */
public abstract sealed class SimulatedCall implements TransactionUser
        permits OptionsCall, RegisterCall, InviteCall, CertSubscribeCall, MessageCall {

    protected final CallEnvironment env;
    protected final SipFlow flow;
    private final long index;
    private final long intendedNanos;
    private final int step;
    private long firstSentNanos = -1;
    private boolean finished;
    protected String branch;
    protected long cseq;
    protected SipRequests.Dialog dialog;
    protected boolean authenticated;
    private SipResponse lastFinal;

    protected SimulatedCall(CallEnvironment env, SipFlow flow, long index, long intendedNanos, int step) {
        this.env = env;
        this.flow = flow;
        this.index = index;
        this.intendedNanos = intendedNanos;
        this.step = step;
    }

    /** Sends the first request. */
    public abstract void start();

    /** Decides what a final response means for this call. */
    protected abstract void onFinalResponse(SipResponse response);

    public long index() {
        return index;
    }

    public long intendedNanos() {
        return intendedNanos;
    }

    public int step() {
        return step;
    }

    public long firstSentNanos() {
        return firstSentNanos;
    }

    public boolean finished() {
        return finished;
    }

    /** The user this call acts as (round robin over the user file), if any. */
    protected Optional<SipUser> user() {
        List<SipUser> users = env.config().users();
        return users.isEmpty() ? Optional.empty() : Optional.of(users.get((int) (index % users.size())));
    }

    protected String domain() {
        return env.config().domain();
    }

    protected String contact(String user) {
        return "<sip:" + user + "@" + flow.localHostPort() + ";transport=" + flow.transport().toLowerCase() + ">";
    }

    protected void send(String method, byte[] request) {
        env.transactions().start(branch, method, request, flow, this, env.now());
    }

    protected void finish(Outcome outcome) {
        if (!finished) {
            finished = true;
            if (outcome != Outcome.SUCCESS && lastFinal != null) {
                env.stats().failureDetail(describe(lastFinal));
            }
            env.completion().done(this, outcome);
        }
    }

    /** Status, reason phrase and Reason header (RFC 3326) of a response, for the failure breakdown. */
    static String describe(SipResponse r) {
        String text = r.status() + " " + r.reason();
        String reason = r.headers().first("Reason").orElse("");
        if (!reason.isEmpty()) {
            text += " (Reason: " + reason + ")";
        }
        return text.length() > 160 ? text.substring(0, 160) : text;
    }

    /**
     * Answers a 401/407 digest challenge (RFC 3261 §22.2, §22.3) with the configured algorithm: the header value
     * to send, or empty after finishing the call when that is not possible.
     */
    protected Optional<String> answerChallenge(SipResponse response, String method, String uri) {
        return answerChallengeAs(user(), response, method, uri);
    }

    /** As {@link #answerChallenge}, with the credentials of {@code as} instead of the call's user. */
    protected Optional<String> answerChallengeAs(SipUser as, SipResponse response, String method, String uri) {
        return answerChallengeAs(Optional.of(as), response, method, uri);
    }

    private Optional<String> answerChallengeAs(Optional<SipUser> user, SipResponse response, String method,
                                               String uri) {
        if (authenticated) {
            finish(Outcome.AUTH_REJECTED);
            return Optional.empty();
        }
        List<AuthHeader> offered = response.status() == 401
                ? response.wwwAuthenticates() : response.proxyAuthenticates();
        List<DigestChallenge> challenges = new ArrayList<>();
        for (AuthHeader h : offered) {
            if (h.digest()) {
                DigestChallenge.from(h.params()).ifPresent(challenges::add);
            }
        }
        Optional<DigestChallenge> chosen = DigestAuthenticator.select(challenges, env.config().algorithm());
        if (user.isEmpty() || chosen.isEmpty()) {
            finish(Outcome.AUTH_NOT_POSSIBLE);
            return Optional.empty();
        }
        authenticated = true;
        return Optional.of(env.digest().authorize(chosen.get(), user.get().name(), user.get().password(),
                method, uri));
    }

    /** Starts a new transaction of the same call: fresh branch, next CSeq (RFC 3261 §8.1.3.5). */
    protected void nextTransaction() {
        branch = env.ids().branch();
        cseq++;
    }

    @Override
    public void onProvisional(SipResponse response) {
        env.stats().provisional();
    }

    @Override
    public void onFinal(SipResponse response) {
        env.stats().finalResponse(response.status());
        lastFinal = response;
        if (!finished) {
            onFinalResponse(response);
        }
    }

    @Override
    public void onTimeout() {
        finish(Outcome.TIMEOUT);
    }

    @Override
    public void onTransportError(Throwable cause) {
        finish(Outcome.TRANSPORT_ERROR);
    }

    @Override
    public void onTransmitted(boolean retransmission) {
        long now = env.now();
        env.stats().transmitted(step, retransmission, now);
        if (!retransmission && firstSentNanos < 0) {
            firstSentNanos = now;
            env.stats().firstSent(intendedNanos, now);
        }
    }

    @Override
    public byte[] ackFor(SipResponse response) {
        env.stats().ackSent();
        return SipRequests.ack(flow, branch, dialog, cseq, response);
    }
}
