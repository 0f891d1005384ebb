package io.vouch.loadtest.internal;

import io.vouch.loadtest.Outcome;
import io.vouch.loadtest.SipUser;
import io.vouch.sip.SipResponse;
import java.util.Optional;

/** REGISTER of one user, answering the 401 digest challenge once, expecting 200 (RFC 3261 §10.2, §22). */
public final class RegisterCall extends SimulatedCall {

    public RegisterCall(CallEnvironment env, SipFlow flow, long index, long intendedNanos, int step) {
        super(env, flow, index, intendedNanos, step);
    }

    @Override
    public void start() {
        SipUser u = user().orElseThrow(() -> new IllegalStateException("register needs users"));
        String d = u.domain().orElse(domain());
        String aor = "<sip:" + u.name() + "@" + d + ">";
        dialog = new SipRequests.Dialog("sip:" + d, aor + ";tag=" + env.ids().tag(), aor, env.ids().callId(d),
                contact(u.name()));
        nextTransaction();
        send("REGISTER", request(Optional.empty()));
    }

    private byte[] request(Optional<String> authorization) {
        return SipRequests.register(flow, branch, dialog, cseq, env.config().expires(), authorization);
    }

    @Override
    protected void onFinalResponse(SipResponse response) {
        int status = response.status();
        if (status == 200) {
            finish(Outcome.SUCCESS);
        } else if (status == 401 || status == 407) {
            Optional<String> credentials = answerChallenge(response, "REGISTER", dialog.requestUri());
            if (credentials.isPresent()) {
                nextTransaction();
                send("REGISTER", request(credentials));
            }
        } else {
            finish(Outcome.UNEXPECTED_RESPONSE);
        }
    }
}
