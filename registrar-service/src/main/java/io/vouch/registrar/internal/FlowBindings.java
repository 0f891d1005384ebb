package io.vouch.registrar.internal;

import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Transport;
import io.vouch.registrar.Binding;
import io.vouch.sip.SipUri;
import io.vouch.sip.Uri;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which bindings rely on an edge flow that has closed (RFC 5626 §5.3, RFC 7118 §5): those registered over that
 * very connection that can be reached no other way, namely RFC 5626 outbound bindings, every binding registered over
 * a WebSocket, and contacts whose host is in the {@code .invalid} domain (RFC 6761 §6.4). A binding that names a
 * reachable address of its own (a plain TCP contact) stays: the edge can open a new connection to it.
 */
public final class FlowBindings {
    private FlowBindings() {
    }

    /** Whether {@code event} is the edge's notice that its flow closed (rather than a SIP request). */
    public static boolean isNotice(SipEvent event) {
        return event.getFlowClosed() && event.getSip().isEmpty();
    }

    /** Whether {@code b} was registered over {@code closed} and cannot be reached once it is gone. */
    public static boolean reliesOn(Binding b, Flow closed) {
        Flow f = b.flow();
        if (closed.getFlowId().isEmpty() || !f.getFlowId().equals(closed.getFlowId())
                || !f.getEdgeId().equals(closed.getEdgeId())) {
            return false;
        }
        return b.outbound() || f.getTransport() == Transport.WS || f.getTransport() == Transport.WSS
                || invalidHost(b.contact());
    }

    private static boolean invalidHost(String contact) {
        Optional<Uri> uri = Uri.parse(contact);
        return uri.isPresent() && uri.get() instanceof SipUri s
                && (s.host().toLowerCase(Locale.ROOT).endsWith(".invalid")
                || s.host().equalsIgnoreCase("invalid"));
    }

    /** The bindings of {@code record} that remain once {@code closed} is gone. */
    public static List<Binding> remaining(AorRecord record, Flow closed) {
        return record.bindings().stream().filter(b -> !reliesOn(b, closed)).toList();
    }
}
