package io.vouch.cert.internal;

import io.vouch.proto.Flow;
import io.vouch.proto.Transport;
import io.vouch.runtime.sip.StageReplies;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.util.TreeMap;

/**
 * The certificate service's responses (RFC 3261 §8.2.6 copy rules): 200 to PUBLISH with SIP-ETag and Expires (RFC
 * 3903 §6), 200 to SUBSCRIBE with Expires and the notifier's Contact (RFC 6665 §4.2.1), rejections with their extra
 * headers. The To tag is the stage's deterministic one, so a redelivered request is answered identically.
 */
public final class CertResponses {
    public static final String ALLOW = "SUBSCRIBE, PUBLISH";

    private CertResponses() {
    }

    public static SipResponse rejected(SipRequest req, Rejection r) {
        SipResponse.Builder b = StageReplies.response(req, r.status(), r.reason());
        new TreeMap<>(r.headers()).forEach(b::header);
        if (r.status() == 489) {
            b.header("Allow-Events", EventPackages.ALLOW_EVENTS);
        }
        if (r.status() == 405) {
            b.header("Allow", ALLOW);
        }
        return b.build();
    }

    public static SipResponse published(SipRequest req, PublishProcessor.Accepted a) {
        SipResponse.Builder b = StageReplies.response(req, 200, "OK");
        a.etag().ifPresent(e -> b.header("SIP-ETag", e));
        return b.header("Expires", Long.toString(a.expiresSeconds())).build();
    }

    public static SipResponse subscribed(SipRequest req, String ourTag, long expires, Flow flow) {
        return SipResponse.forRequest(req, 200, "OK", ourTag)
                .header("Expires", Long.toString(expires))
                .header("Contact", contact(flow))
                .build();
    }

    /** The notifier's Contact: the edge's side of the flow the SUBSCRIBE came in on. */
    static String contact(Flow flow) {
        String h = flow.getLocalHost();
        String host = h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h;
        String hostPort = host + (flow.getLocalPort() > 0 ? ":" + flow.getLocalPort() : "");
        return switch (flow.getTransport()) {
            case TLS -> "<sips:" + hostPort + ";transport=tls>";
            case TCP -> "<sip:" + hostPort + ";transport=tcp>";
            default -> "<sip:" + hostPort + ">";
        };
    }

    static boolean secure(Flow flow) {
        return flow.getTransport() == Transport.TLS || flow.getTransport() == Transport.WSS;
    }
}
