package io.vouch.loadtest.internal;

import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands NOTIFY requests (RFC 6665 §4.1.3) to the call whose subscription dialog they belong to, by Call-ID, and
 * answers them: 200 for a known dialog, 481 otherwise (a retransmission after the call ended). Single-threaded.
 */
public final class NotifyRouter {

    /** Told about a NOTIFY of its dialog. */
    @FunctionalInterface
    public interface Subscriber {
        void onNotify(SipRequest notify);
    }

    private final Map<String, Subscriber> byCallId = new HashMap<>();
    private final SipMessageEncoder encoder = new SipMessageEncoder();

    public void register(String callId, Subscriber subscriber) {
        byCallId.put(callId, subscriber);
    }

    public void remove(String callId) {
        byCallId.remove(callId);
    }

    /** True when {@code request} was a NOTIFY this router answered; other requests are left to the caller. */
    public boolean route(SipRequest request, SipFlow flow) {
        if (!request.method().equals("NOTIFY")) {
            return false;
        }
        Subscriber s = byCallId.get(request.callId());
        SipResponse answer = SipResponse.forRequest(request, s == null ? 481 : 200,
                s == null ? "Subscription Does Not Exist" : "OK", "loadtest").build();
        flow.send(encoder.encode(answer), cause -> { });
        if (s != null) {
            s.onNotify(request);
        }
        return true;
    }
}
