package io.vouch.registrar.internal.deliver;

import io.vouch.proto.Flow;
import io.vouch.sip.NameAddr;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipUri;
import java.util.List;
import java.util.Optional;

/**
 * Route processing of a request addressed to one of our AORs (RFC 3261 §16.4): Route values that name this proxy
 * (the edge address the request arrived on, or the served domain itself, as a UA's outbound-proxy setting writes it)
 * are removed. A Route to anywhere else is not followed: delivery only reaches registered contacts.
 */
final class RouteSet {
    private RouteSet() {
    }

    /** {@code req} without the leading Routes naming us; empty when a Route to another host remains. */
    static Optional<SipRequest> popOwn(SipRequest req, Flow arrival, String domain) {
        List<NameAddr> routes = req.routes();
        if (routes.isEmpty()) {
            return Optional.of(req);
        }
        int own = 0;
        while (own < routes.size() && names(routes.get(own), arrival, domain)) {
            own++;
        }
        if (own < routes.size()) {
            return Optional.empty();
        }
        return Optional.of(req.newBuilder().removeHeader("Route").build());
    }

    private static boolean names(NameAddr route, Flow arrival, String domain) {
        if (!(route.uri() instanceof SipUri u)) {
            return false;
        }
        String host = u.host().startsWith("[") ? u.host().substring(1, u.host().length() - 1) : u.host();
        if (host.equalsIgnoreCase(domain) && (u.port() <= 0 || u.port() == arrival.getLocalPort())) {
            return true;
        }
        return host.equalsIgnoreCase(arrival.getLocalHost())
                && (u.port() <= 0 ? arrival.getLocalPort() == defaultPort(u) : u.port() == arrival.getLocalPort());
    }

    private static int defaultPort(SipUri u) {
        return u.secure() ? 5061 : 5060;
    }
}
