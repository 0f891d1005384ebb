package io.vouch.loadtest.internal;

import io.vouch.loadtest.Outcome;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;

/**
 * A certificate fetch (RFC 6072 §6 on RFC 6665 §4.2.1.1): SUBSCRIBE with {@code Expires: 0} to the AOR of the
 * call's user ({@code cert} when there is no user file), expecting 200 and the NOTIFY with the state, which is
 * answered 200. The call succeeds once both arrived, in either order; its latency is until the later of the two.
 */
public final class CertSubscribeCall extends SimulatedCall {
    private boolean accepted;
    private boolean notified;

    public CertSubscribeCall(CallEnvironment env, SipFlow flow, long index, long intendedNanos, int step) {
        super(env, flow, index, intendedNanos, step);
    }

    @Override
    public void start() {
        String d = domain();
        String aor = user().map(u -> u.name()).orElse("cert") + "@" + d;
        dialog = new SipRequests.Dialog("sip:" + aor, "<sip:loadtest@" + d + ">;tag=" + env.ids().tag(),
                "<sip:" + aor + ">", env.ids().callId(d), contact("loadtest"));
        env.notifies().register(dialog.callId(), this::onNotify);
        nextTransaction();
        send("SUBSCRIBE", SipRequests.certificateFetch(flow, branch, dialog, cseq));
    }

    private void onNotify(SipRequest notify) {
        if (notified) {
            return;
        }
        notified = true;
        env.stats().notifyReceived(intendedNanos(), firstSentNanos(), env.now());
        if (accepted) {
            finish(Outcome.SUCCESS);
        }
    }

    @Override
    protected void onFinalResponse(SipResponse response) {
        if (response.status() != 200) {
            finish(Outcome.UNEXPECTED_RESPONSE);
            return;
        }
        accepted = true;
        if (notified) {
            finish(Outcome.SUCCESS);
            return;
        }
        // RFC 6665 §4.1.2.4: the NOTIFY may lag the 200; give it one more transaction timeout
        env.timers().schedule(env.now() + env.config().transactionTimeout().toNanos(), () -> {
            if (!finished()) {
                finish(Outcome.TIMEOUT);
            }
        });
    }

    @Override
    protected void finish(Outcome outcome) {
        env.notifies().remove(dialog.callId());
        super.finish(outcome);
    }
}
