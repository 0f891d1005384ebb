package io.vouch.loadtest.internal;

import io.vouch.loadtest.Outcome;
import io.vouch.sip.SipResponse;
import java.util.Locale;
import java.util.Optional;

/**
 * An INVITE to a STIR redirect server (RFC 8224 §4, §6): to be signed (expects 302 with an Identity header) or
 * carrying an Identity header to be verified (expects 302 with {@code verstat=TN-Validation-Passed}). Answers a
 * 401/407 challenge once; every non-2xx final response is ACKed by the transaction (RFC 3261 §17.1.1.3).
 */
public final class InviteCall extends SimulatedCall {

    private final boolean verify;
    private Optional<String> identity = Optional.empty();

    public InviteCall(CallEnvironment env, SipFlow flow, long index, long intendedNanos, int step, boolean verify) {
        super(env, flow, index, intendedNanos, step);
        this.verify = verify;
    }

    @Override
    public void start() {
        var cfg = env.config();
        long offset = index() % cfg.tnCount();
        String orig = Long.toString(cfg.fromTn() + offset);
        String dest = Long.toString(cfg.toTn() + offset);
        String d = domain();
        String to = "<sip:+" + dest + "@" + d + ";user=phone>";
        dialog = new SipRequests.Dialog("sip:+" + dest + "@" + d + ";user=phone",
                "<sip:+" + orig + "@" + d + ";user=phone>;tag=" + env.ids().tag(), to, env.ids().callId(d),
                contact(orig));
        nextTransaction();
        if (verify) {
            env.identities().sign(orig, dest, header -> {
                identity = Optional.of(header);
                sendInvite("Authorization", Optional.empty());
            }, failure -> finish(Outcome.NOT_SENT));
        } else {
            sendInvite("Authorization", Optional.empty());
        }
    }

    private void sendInvite(String authHeader, Optional<String> credentials) {
        send("INVITE", SipRequests.invite(flow, branch, dialog, cseq, identity, authHeader, credentials));
    }

    @Override
    protected void onFinalResponse(SipResponse response) {
        int status = response.status();
        if (status == 302) {
            finish(verify ? verdict(response) : response.identities().isEmpty()
                    ? Outcome.MISSING_IDENTITY : Outcome.SUCCESS);
        } else if (status == 401 || status == 407) {
            Optional<String> credentials = answerChallenge(response, "INVITE", dialog.requestUri());
            if (credentials.isPresent()) {
                nextTransaction();
                sendInvite(status == 401 ? "Authorization" : "Proxy-Authorization", credentials);
            }
        } else {
            if (status >= 200 && status < 300) {
                acknowledge2xx(response);
            }
            finish(Outcome.UNEXPECTED_RESPONSE);
        }
    }

    // A 2xx ends the INVITE transaction without ACK; the ACK is a new transaction (RFC 3261 §13.2.2.4).
    private void acknowledge2xx(SipResponse response) {
        env.stats().ackSent();
        flow.send(SipRequests.ack(flow, env.ids().branch(), dialog, cseq, response), cause -> { });
    }

    /** SUCCESS when the verification service reports TN-Validation-Passed in P-Asserted-Identity or Contact. */
    static Outcome verdict(SipResponse response) {
        for (String name : new String[] {"P-Asserted-Identity", "Contact"}) {
            for (String value : response.headers().lines(name)) {
                String lower = value.toLowerCase(Locale.ROOT);
                int at = lower.indexOf("verstat=");
                if (at >= 0) {
                    return lower.startsWith("tn-validation-passed", at + 8)
                            ? Outcome.SUCCESS : Outcome.VERIFICATION_FAILED;
                }
            }
        }
        return Outcome.VERIFICATION_FAILED;
    }
}
