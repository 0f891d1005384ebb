package io.vouch.registrar.internal.deliver;

import io.vouch.proto.Flow;
import io.vouch.proto.Transport;
import io.vouch.registrar.Binding;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipUri;
import io.vouch.sip.Uri;
import io.vouch.sip.Via;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the copy of a request a stateful proxy forwards to one registered contact (RFC 3261 §16.6): Request-URI set
 * to the contact, a Route per Path entry (RFC 3327 §5.3), Max-Forwards decremented, the proxy's Via on top with a
 * branch whose first part detects loops (§16.6 step 8, §16.3 step 4) and whose second part is unique per target and
 * stable across redelivery, so the edge's client transaction absorbs a repeated send. The body is never touched.
 */
public final class ProxyForwarder {
    /** Marks the branches this stage writes: the RFC 3261 magic cookie and {@code vd}. */
    static final String BRANCH_PREFIX = Via.MAGIC_COOKIE + "vd";
    private static final int LOOP_HEX = 16;
    private static final int DEFAULT_MAX_FORWARDS = 70;

    private ProxyForwarder() {
    }

    /** One forwarded copy: the request, the flow the edge sends it on, and its client transaction id. */
    public record Branch(SipRequest request, Flow flow, String transactionId) {
    }

    /**
     * The loop-detection hash of a request as received (RFC 3261 §16.6 step 8): over the Request-URI, From and To
     * tags, Call-ID, CSeq number and Proxy-Require — what stays the same when the request comes back unchanged.
     * The top Via and Proxy-Authorization are left out: both change on every hop of a loop.
     */
    static String loopHash(SipRequest r) {
        return sha256Hex(r.requestUriText(), r.from().tag().orElse(""), r.to().tag().orElse(""), r.callId(),
                Long.toString(r.cseq().sequence()), String.join(",", r.headers().all("Proxy-Require")))
                .substring(0, LOOP_HEX);
    }

    /**
     * Whether {@code r} already went through this stage in the same state (RFC 3261 §16.3 step 4): a Via with one of
     * this stage's branches whose loop part equals the request's hash. A match with another hash is a spiral (the
     * request was retargeted in between) and is allowed.
     */
    public static boolean looped(SipRequest r) {
        String hash = null;
        for (Via v : r.vias()) {
            Optional<String> b = v.branch();
            if (b.isPresent() && b.get().startsWith(BRANCH_PREFIX)) {
                if (hash == null) {
                    hash = loopHash(r);
                }
                if (b.get().regionMatches(BRANCH_PREFIX.length(), hash, 0, LOOP_HEX)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The copy of {@code r} for {@code binding} (the {@code index}-th target of the transaction {@code upstreamKey});
     * empty when the binding's contact is not a usable SIP URI. {@code r} must carry Max-Forwards above 0 or none;
     * Proxy-Authorization for {@code consumedRealm} (empty: none) is removed.
     */
    public static Optional<Branch> forward(SipRequest r, Binding binding, int index, String upstreamKey,
                                           String consumedRealm) {
        Optional<Uri> contact = Uri.parse(binding.contact());
        if (contact.isEmpty() || !(contact.get() instanceof SipUri target)) {
            return Optional.empty();
        }
        Flow flow = flowFor(binding, target);
        String unique = sha256Hex(upstreamKey, Integer.toString(index), binding.contact()).substring(0, 20);
        String branch = BRANCH_PREFIX + loopHash(r) + "." + unique;
        Via via = Via.of(transport(flow.getTransport()), hostOnly(flow.getLocalHost()),
                flow.getLocalPort() > 0 ? flow.getLocalPort() : -1, branch).withParam("rport", "");
        SipRequest.Builder b = r.newBuilder().requestUri(target);
        b.headerFirst("Via", via);
        int mf = r.maxForwards().orElse(DEFAULT_MAX_FORWARDS + 1) - 1;
        b.setHeader("Max-Forwards", Integer.toString(mf));
        dropConsumedCredentials(b, r, consumedRealm);
        // RFC 3327 §5.3: the Path recorded at registration becomes the route set, topmost first, ahead of any
        // Route the request still carries
        List<String> path = binding.path();
        for (int i = path.size() - 1; i >= 0; i--) {
            b.headerFirst("Route", path.get(i));
        }
        String tx = "deliver:" + index + ":" + upstreamKey;
        return Optional.of(new Branch(b.build(), flow, tx));
    }

    /**
     * Where the edge sends a branch: an outbound binding (RFC 5626 §5.3), a binding behind a Path, or one over a
     * connection-oriented transport goes over the flow it registered on; a plain UDP binding goes to its contact
     * address (RFC 3261 §16.6 step 7 with §18.1.1), from the edge's socket it registered through.
     */
    static Flow flowFor(Binding binding, SipUri contact) {
        Flow flow = binding.flow();
        boolean udpContact = contact.transport().map(t -> t.equalsIgnoreCase("udp")).orElse(!contact.secure());
        if (binding.outbound() || !binding.path().isEmpty() || flow.getTransport() != Transport.UDP || !udpContact) {
            return flow;
        }
        int port = contact.port() > 0 ? contact.port() : 5060;
        return flow.toBuilder().setRemoteHost(hostOnly(contact.host())).setRemotePort(port).build();
    }

    private static String transport(Transport t) {
        return switch (t) {
            case TCP -> "TCP";
            case TLS -> "TLS";
            case WS -> "WS";
            case WSS -> "WSS";
            default -> "UDP";
        };
    }

    private static String hostOnly(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /**
     * RFC 3261 §22.3: the credentials for this proxy's realm were checked (and consumed) by the auth stage, so they
     * are not passed on to the user agent; credentials for other realms stay.
     */
    private static void dropConsumedCredentials(SipRequest.Builder b, SipRequest r, String realm) {
        List<String> lines = r.headers().lines("Proxy-Authorization");
        if (lines.isEmpty() || realm.isEmpty()) {
            return;
        }
        Pattern ours = Pattern.compile("(?i)(^|[\\s,])realm\\s*=\\s*\"?" + Pattern.quote(realm) + "\"?\\s*(,|$)");
        b.removeHeader("Proxy-Authorization");
        for (String line : lines) {
            if (!ours.matcher(line).find()) {
                b.header("Proxy-Authorization", line);
            }
        }
    }

    static String sha256Hex(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
