package io.vouch.cert.internal;

import io.vouch.proto.Flow;
import io.vouch.proto.Transport;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.DecodeResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the NOTIFY of a subscription (RFC 6665 §4.2.2, RFC 6072 §6.4/§7.4): in the subscription's dialog (our tag
 * in From, theirs in To, Request-URI the subscriber's Contact), with {@code Event}, {@code Subscription-State}
 * ({@code active;expires=N} or {@code terminated;reason=…}) and either the published body
 * ({@code application/pkix-cert} DER or the {@code multipart/mixed} credential, {@code Content-Disposition: signal})
 * or no body when nothing is published. The Via names the edge's side of the flow.
 */
public final class NotifyBuilder {
    private final SipMessageDecoder decoder = new SipMessageDecoder();

    /** The state a NOTIFY reports. */
    public record State(boolean terminated, String reason, long expiresSeconds, boolean withState) {
        public static State active(long expiresSeconds) {
            return new State(false, "", expiresSeconds, true);
        }

        /** The final NOTIFY of an unsubscribe or a removal: no state (RFC 6665 §4.2.2). */
        public static State terminated(String reason) {
            return new State(true, reason, 0, false);
        }

        /** The one NOTIFY of a fetch (Expires 0, RFC 6665 §4.2.1.1): the state, then terminated. */
        public static State fetched() {
            return new State(true, "timeout", 0, true);
        }

        String header() {
            return terminated ? "terminated;reason=" + reason : "active;expires=" + expiresSeconds;
        }
    }

    /** The NOTIFY for {@code sub} of {@code aor} with CSeq {@code cseq}; empty if it cannot be built (bad target). */
    public Optional<SipRequest> build(String aor, Subscription sub, long cseq, State state,
                                      Optional<Publication> publication) {
        Flow flow = sub.flow();
        String transport = transport(flow.getTransport());
        String local = host(flow.getLocalHost()) + (flow.getLocalPort() > 0 ? ":" + flow.getLocalPort() : "");
        StringBuilder sb = new StringBuilder(512);
        sb.append("NOTIFY ").append(sub.remoteTarget()).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/").append(transport.toUpperCase(Locale.ROOT)).append(' ').append(local)
                .append(";branch=z9hG4bK").append(branch(sub, cseq)).append("\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <sip:").append(aor).append(">;tag=").append(sub.ourTag()).append("\r\n");
        sb.append("To: <").append(sub.subscriberUri()).append(">;tag=").append(sub.subscriberTag()).append("\r\n");
        sb.append("Call-ID: ").append(sub.callId()).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(" NOTIFY\r\n");
        sb.append("Contact: <").append(flow.getTransport() == Transport.TLS ? "sips:" : "sip:").append(local)
                .append(flow.getTransport() == Transport.UDP ? "" : ";transport=" + transport).append(">\r\n");
        sb.append("Event: ").append(sub.eventPackage());
        if (!sub.eventId().isEmpty()) {
            sb.append(";id=").append(sub.eventId());
        }
        sb.append("\r\n");
        sb.append("Subscription-State: ").append(state.header()).append("\r\n");
        byte[] body = publication.isPresent() && state.withState() ? publication.get().body() : new byte[0];
        if (body.length > 0) {
            sb.append("Content-Type: ").append(publication.get().contentType()).append("\r\n");
            sb.append("Content-Disposition: signal;handling=required\r\n");
        }
        if (publication.isPresent() && state.withState()) {
            sb.append("SIP-ETag: ").append(publication.get().etag()).append("\r\n");
        }
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return decoder.decode(all) instanceof DecodeResult.Parsed p && p.message() instanceof SipRequest r
                ? Optional.of(r) : Optional.empty();
    }

    private static String host(String h) {
        return h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    private static String transport(Transport t) {
        return switch (t) {
            case TCP -> "tcp";
            case TLS -> "tls";
            case WS -> "ws";
            case WSS -> "wss";
            default -> "udp";
        };
    }

    /** A branch unique per dialog and CSeq, stable across redelivery. */
    static String branch(Subscription sub, long cseq) {
        return Tags.of(10, sub.callId(), sub.subscriberTag(), sub.ourTag(), Long.toString(cseq));
    }
}
