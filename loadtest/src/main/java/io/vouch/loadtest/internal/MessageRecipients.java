package io.vouch.loadtest.internal;

import io.vouch.loadtest.SipUser;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import io.vouch.sip.SipUri;
import io.vouch.smime.MimeEntity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The recipient side of the {@code message} scenario: which recipients are registered (each once per run, the
 * first call that needs one registers it and later calls wait for that), and the user agent that answers each
 * delivered MESSAGE (RFC 3428) after decrypting and verifying it: 200 when Alice's signature verifies, 493
 * Undecipherable when it cannot decrypt (RFC 3261 §23.2), 403 when the signature does not verify. Single-threaded.
 */
public final class MessageRecipients {
    private enum State { PENDING, REGISTERED, FAILED }

    private final SmimeUsers identities;
    private final SipMessageEncoder encoder = new SipMessageEncoder();
    private final Map<String, State> states = new HashMap<>();
    private final Map<String, List<Consumer<Boolean>>> waiting = new HashMap<>();

    public MessageRecipients(SmimeUsers identities) {
        this.identities = identities;
    }

    public SmimeUsers identities() {
        return identities;
    }

    /**
     * Calls {@code then} with whether {@code user} is registered: at once when known, after the registration
     * already under way, or — when this is the first to ask — returns true and the caller must register it and then
     * call {@link #registered}.
     */
    public boolean awaitRegistration(SipUser user, Consumer<Boolean> then) {
        State s = states.get(user.name());
        if (s == null) {
            states.put(user.name(), State.PENDING);
            return true;
        }
        switch (s) {
            case REGISTERED -> then.accept(true);
            case FAILED -> then.accept(false);
            case PENDING -> waiting.computeIfAbsent(user.name(), k -> new ArrayList<>()).add(then);
        }
        return false;
    }

    /** The registration {@link #awaitRegistration} asked for ended; a failed one may be retried by a later call. */
    public void registered(SipUser user, boolean ok) {
        if (ok) {
            states.put(user.name(), State.REGISTERED);
        } else {
            states.remove(user.name());
        }
        List<Consumer<Boolean>> w = waiting.remove(user.name());
        if (w != null) {
            w.forEach(c -> c.accept(ok));
        }
    }

    /** True when {@code request} was a MESSAGE this user agent answered; other requests are left to the caller. */
    public boolean route(SipRequest request, SipFlow flow) {
        if (!request.method().equals("MESSAGE")) {
            return false;
        }
        String recipient = request.requestUri() instanceof SipUri u && u.user() != null ? u.user() : "";
        String sender = request.from().uri() instanceof SipUri f && f.user() != null ? f.user() : "";
        SipResponse answer;
        if (recipient.isEmpty() || sender.isEmpty() || states.get(recipient) != State.REGISTERED
                || identities.known(sender).isEmpty()) {
            answer = SipResponse.forRequest(request, 404, "Not Found", "loadtest").build();
        } else {
            MimeEntity body = MimeEntity.of(request.contentType().orElse("text/plain"), request.body());
            answer = switch (identities.open(recipient, sender, body)) {
                case VERIFIED -> SipResponse.forRequest(request, 200, "OK", "loadtest").build();
                case UNDECIPHERABLE -> SipResponse.forRequest(request, 493, "Undecipherable", "loadtest").build();
                case INVALID_SIGNATURE -> SipResponse.forRequest(request, 403, "Invalid Signature", "loadtest")
                        .build();
            };
        }
        flow.send(encoder.encode(answer), cause -> { });
        return true;
    }
}
