package io.vouch.loadtest.internal;

import io.vouch.loadtest.Outcome;
import io.vouch.sip.SipResponse;

/** OPTIONS to the target's domain, expecting 200 (RFC 3261 §11). */
public final class OptionsCall extends SimulatedCall {

    public OptionsCall(CallEnvironment env, SipFlow flow, long index, long intendedNanos, int step) {
        super(env, flow, index, intendedNanos, step);
    }

    @Override
    public void start() {
        String d = domain();
        dialog = new SipRequests.Dialog("sip:" + d, "<sip:loadtest@" + d + ">;tag=" + env.ids().tag(),
                "<sip:" + d + ">", env.ids().callId(d), contact("loadtest"));
        nextTransaction();
        send("OPTIONS", SipRequests.options(flow, branch, dialog, cseq));
    }

    @Override
    protected void onFinalResponse(SipResponse response) {
        finish(response.status() == 200 ? Outcome.SUCCESS : Outcome.UNEXPECTED_RESPONSE);
    }
}
