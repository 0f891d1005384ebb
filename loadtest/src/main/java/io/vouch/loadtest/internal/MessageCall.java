package io.vouch.loadtest.internal;

import io.vouch.loadtest.Outcome;
import io.vouch.loadtest.SipUser;
import io.vouch.sip.SipResponse;
import io.vouch.smime.MimeEntity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One S/MIME MESSAGE from Alice to Bob (RFC 3428 through Vouch's delivery, RFC 3261 §23 bodies): the call's user
 * sends the next user of the file a MESSAGE signed with its key and encrypted to the recipient's certificate,
 * answering the 407; the recipient — registered once per run with this tool's flow as contact — decrypts and
 * verifies it ({@link MessageRecipients}). Success is the 200 that comes back only after the recipient verified
 * the body; a 493 means the recipient could not decrypt it.
 */
public final class MessageCall extends SimulatedCall {
    private SipUser sender;
    private SipUser recipient;
    private boolean registering;
    private byte[] body;
    private String contentType;

    public MessageCall(CallEnvironment env, SipFlow flow, long index, long intendedNanos, int step) {
        super(env, flow, index, intendedNanos, step);
    }

    @Override
    public void start() {
        List<SipUser> users = env.config().users();
        sender = user().orElseThrow(() -> new IllegalStateException("message needs users"));
        recipient = users.get((int) ((index() + 1) % users.size()));
        if (env.recipients().awaitRegistration(recipient, this::afterRegistration)) {
            registering = true;
            String d = recipient.domain().orElse(domain());
            String aor = "<sip:" + recipient.name() + "@" + d + ">";
            dialog = new SipRequests.Dialog("sip:" + d, aor + ";tag=" + env.ids().tag(), aor, env.ids().callId(d),
                    contact(recipient.name()));
            nextTransaction();
            send("REGISTER", SipRequests.register(flow, branch, dialog, cseq, env.config().expires(),
                    Optional.empty()));
        }
    }

    private void afterRegistration(boolean ok) {
        if (finished()) {
            return;
        }
        if (!ok) {
            finish(Outcome.UNEXPECTED_RESPONSE);
            return;
        }
        String d = sender.domain().orElse(domain());
        String to = "sip:" + recipient.name() + "@" + recipient.domain().orElse(domain());
        dialog = new SipRequests.Dialog(to, "<sip:" + sender.name() + "@" + d + ">;tag=" + env.ids().tag(),
                "<" + to + ">", env.ids().callId(d), contact(sender.name()));
        MimeEntity sealed = env.recipients().identities().seal(sender.name(), recipient.name(),
                MimeEntity.of("text/plain; charset=utf-8", ("Message " + index() + " from " + sender.name()
                        + ".\r\n").getBytes(StandardCharsets.UTF_8)));
        body = sealed.content();
        contentType = sealed.contentType();
        authenticated = false;
        nextTransaction();
        send("MESSAGE", SipRequests.message(flow, branch, dialog, cseq, contentType, body, Optional.empty()));
    }

    @Override
    protected void onFinalResponse(SipResponse response) {
        int status = response.status();
        if (registering) {
            if (status == 401 || status == 407) {
                Optional<String> credentials = answerChallengeAs(recipient, response, "REGISTER",
                        dialog.requestUri());
                if (credentials.isPresent()) {
                    nextTransaction();
                    send("REGISTER", SipRequests.register(flow, branch, dialog, cseq, env.config().expires(),
                            credentials));
                } else {
                    env.recipients().registered(recipient, false);
                }
                return;
            }
            registering = false;
            env.recipients().registered(recipient, status == 200);
            afterRegistration(status == 200);
            return;
        }
        if (status == 200) {
            finish(Outcome.SUCCESS);
        } else if (status == 407 || status == 401) {
            Optional<String> credentials = answerChallenge(response, "MESSAGE", dialog.requestUri());
            if (credentials.isPresent()) {
                nextTransaction();
                send("MESSAGE", SipRequests.message(flow, branch, dialog, cseq, contentType, body, credentials));
            }
        } else {
            finish(Outcome.UNEXPECTED_RESPONSE);
        }
    }

    @Override
    protected void finish(Outcome outcome) {
        if (registering) {
            registering = false;
            env.recipients().registered(recipient, false);
        }
        super.finish(outcome);
    }
}
