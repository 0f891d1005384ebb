package io.vouch.edge.internal;

import io.vouch.edge.EdgeConfig;
import io.vouch.proto.Topics;
import io.vouch.runtime.sip.SipCapabilities;
import io.vouch.sip.NameAddr;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipUri;
import io.vouch.sip.TelUri;
import io.vouch.sip.Uri;
import java.util.ArrayList;
import io.vouch.sdp.SdpBodies;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides what the edge does with a well-formed request that is not part of a known transaction: publish it to the
 * first stage topic, or answer it at once (RFC 3261 §8.2 checks a UAS makes before any processing).
 */
public final class Router {
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of("BYE", "UPDATE", "PRACK", "REFER");

    /** What to do with a request. */
    public sealed interface Decision {
    }

    /** Publish to {@code topic} with record key {@code key}. */
    public record Publish(String topic, String key) implements Decision {
    }

    /** Answer at the edge with {@code status}; {@code headers} are name/value pairs to add. */
    public record Respond(int status, String reason, List<String[]> headers) implements Decision {
    }

    private final EdgeConfig config;

    public Router(EdgeConfig config) {
        this.config = config;
    }

    /** The decision for {@code r}, which arrived from a trusted peer when {@code trustedPeer} is true. */
    public Decision route(SipRequest r, boolean trustedPeer) {
        Uri ruri = r.requestUri();
        if (!(ruri instanceof SipUri) && !(ruri instanceof TelUri)) {
            // RFC 3261 §8.2.2.1
            return new Respond(416, "Unsupported URI Scheme", List.of());
        }
        List<String> unsupported = new ArrayList<>();
        for (String tag : r.require()) {
            if (!SipCapabilities.supports(tag)) {
                unsupported.add(tag);
            }
        }
        if (!unsupported.isEmpty() && !r.method().equals("CANCEL")) {
            // RFC 3261 §8.2.2.3
            return new Respond(420, "Bad Extension",
                    List.<String[]>of(new String[] {"Unsupported", String.join(", ", unsupported)}));
        }
        return switch (r.method()) {
            case "REGISTER" -> register(r);
            case "INVITE" -> invite(r, trustedPeer);
            case "OPTIONS" -> options(r);
            case "SUBSCRIBE", "PUBLISH" -> certificates(r);
            case "MESSAGE", "NOTIFY", "INFO" -> delivery(r);
            default -> KNOWN_UNSUPPORTED.contains(r.method())
                    ? new Respond(405, "Method Not Allowed", List.<String[]>of(allow()))
                    : new Respond(501, "Not Implemented", List.<String[]>of(allow()));
        };
    }

    private Decision register(SipRequest r) {
        if (!(r.requestUri() instanceof SipUri u) || !config.isOwnDomain(u.host())) {
            // RFC 3261 §10.3 step 1: this registrar holds no bindings for that domain and does not proxy.
            return new Respond(404, "Domain Not Served", List.of());
        }
        return new Publish(Topics.AUTH, userKey(r.from()));
    }

    private Decision invite(SipRequest r, boolean trustedPeer) {
        if (!r.identities().isEmpty()) {
            return new Publish(Topics.IDENTITY, r.callId()); // STIR verification service
        }
        if (trustedPeer) {
            // trusted peers are not challenged: media policy, then signing; with no keying there is no media policy
            boolean unkeyed = config.skipMediaWhenUnkeyed() && SdpBodies.certainlyUnkeyed(
                    r.headers().first("Content-Type"), r.headers().first("Content-Encoding"), r.body());
            return new Publish(unkeyed ? Topics.IDENTITY : Topics.MEDIA, r.callId());
        }
        return new Publish(Topics.AUTH, userKey(r.from())); // digest first, then signing
    }

    private Decision options(SipRequest r) {
        if (r.requestUri() instanceof SipUri u && config.isOwnDomain(u.host())) {
            // OPTIONS reads no binding state: keyed by Call-ID so keep-alives from one AOR (or a load generator
            // using one To) spread over partitions instead of queueing behind each other under one key.
            return new Publish(Topics.REGISTRAR, r.callId());
        }
        return new Respond(404, "Not Found", List.of());
    }

    /**
     * RFC 6072: anyone may fetch a {@code certificate}, so those SUBSCRIBEs go straight to the certificate service
     * keyed by the AOR it owns; PUBLISH and {@code credential} SUBSCRIBEs need the owner's digest identity first.
     */
    private Decision certificates(SipRequest r) {
        if (!(r.requestUri() instanceof SipUri u) || !config.isOwnDomain(u.host())) {
            return new Respond(404, "Not Found", List.of());
        }
        String event = r.headers().first("Event").map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                .orElse("");
        if (r.method().equals("SUBSCRIBE") && event.equals("certificate")) {
            return new Publish(Topics.CERT, Topics.aorKey(u.user(), u.host()));
        }
        return new Publish(Topics.AUTH, userKey(r.from()));
    }

    /**
     * A MESSAGE, NOTIFY or INFO to a user of a served domain is delivered to that user's registered contacts once
     * the sender is authenticated (auth keys it like a REGISTER, then the delivery stage proxies it). Vouch does not
     * proxy to other domains.
     */
    private Decision delivery(SipRequest r) {
        if (!(r.requestUri() instanceof SipUri u) || !config.isOwnDomain(u.host())) {
            return new Respond(404, "Domain Not Served", List.of());
        }
        return new Publish(Topics.AUTH, userKey(r.from()));
    }

    private static String[] allow() {
        return new String[] {"Allow", SipCapabilities.allowHeader()};
    }

    private static String userKey(NameAddr from) {
        return from.uri() instanceof SipUri u ? Topics.userKey(u.host(), u.user() == null ? "" : u.user())
                : Topics.userKey("", from.uri().toString());
    }

}
