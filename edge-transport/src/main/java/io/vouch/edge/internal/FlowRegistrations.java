package io.vouch.edge.internal;

import io.vouch.proto.Flow;
import io.vouch.proto.Topics;
import io.vouch.proto.Transport;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipUri;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which AORs registered over each open connection-oriented flow (learnt from 2xx responses to REGISTER passing
 * through the edge), so that the registrar can be told when the flow dies (RFC 5626 §5.3). Bounded per flow; only
 * flows that still exist are held, since the connection layer reports every close.
 *
 * <p>Not thread-safe: the edge's event loop owns it.
 */
public final class FlowRegistrations {
    private final int maxPerFlow;
    private final Map<String, Set<String>> byFlow = new HashMap<>();

    public FlowRegistrations(int maxPerFlow) {
        this.maxPerFlow = maxPerFlow;
    }

    /** Remembers the To AOR of a REGISTER answered 2xx on {@code flow}, when the flow is a connection. */
    public void registered(Flow flow, SipRequest register) {
        if (flow.getFlowId().isEmpty() || flow.getTransport() == Transport.UDP || maxPerFlow == 0
                || !(register.to().uri() instanceof SipUri to)) {
            return;
        }
        Set<String> aors = byFlow.computeIfAbsent(flow.getFlowId(), k -> new LinkedHashSet<>());
        if (aors.size() < maxPerFlow) {
            aors.add(Topics.aorKey(to.user(), to.host()));
        }
    }

    /** Forgets {@code flowId} and returns the AORs that registered over it. */
    public List<String> closed(String flowId) {
        Set<String> aors = byFlow.remove(flowId);
        return aors == null ? List.of() : List.copyOf(aors);
    }

    /** Flows with registrations held. */
    public int size() {
        return byFlow.size();
    }
}
