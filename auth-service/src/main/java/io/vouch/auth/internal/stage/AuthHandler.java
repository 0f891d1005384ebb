package io.vouch.auth.internal.stage;

import io.vouch.auth.AuthConfig;
import io.vouch.auth.internal.digest.AuthAttempt;
import io.vouch.auth.internal.digest.AuthOutcome;
import io.vouch.auth.internal.digest.AuthResult;
import io.vouch.auth.internal.digest.AuthenticatedIdentity;
import io.vouch.auth.internal.digest.Challenge;
import io.vouch.auth.internal.digest.DigestAuthenticator;
import io.vouch.auth.internal.digest.DigestCredentials;
import io.vertx.core.Future;
import io.vouch.proto.AuthAssertion;
import io.vouch.proto.AuthAssertions;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Topics;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.PartitionStateListener;
import io.vouch.runtime.StageRecord;
import io.vouch.runtime.sip.SipStageHandler;
import io.vouch.runtime.sip.StageReplies;
import io.vouch.runtime.sip.StageRequest;
import io.vouch.seal.KeyMaterialSealer;
import io.vouch.sip.AuthHeader;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import io.vouch.sip.SipUri;
import io.vouch.sip.Uri;
import java.time.Clock;
import io.vouch.sdp.SdpBodies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth stage (RFC 3261 §22): challenges each request from {@code vouch.sip.auth} (401 for REGISTER, 407
 * otherwise) or, once digest credentials verify, forwards it with the typed {@link AuthAssertion} to the next stage by
 * method. Also the partition-state hook: it records when each input partition was assigned, and
 * nonces minted before that instant are answered stale, because their nonce counters stayed with the previous owner.
 */
public final class AuthHandler extends SipStageHandler implements PartitionStateListener {
    /** The stage name written in replies. */
    public static final String STAGE = "auth";
    private static final Logger LOG = LoggerFactory.getLogger(AuthHandler.class);

    private final AuthConfig config;
    private final DigestAuthenticator authenticator;
    private final AuthMetrics metrics;
    private final Clock clock;
    private final SipMessageDecoder decoder = new SipMessageDecoder();
    private final Map<Integer, Long> assignedAt = new ConcurrentHashMap<>();
    /**
     * Nonces this replica issued itself during the skew window after an assignment: they are not "pre-rebalance"
     * (their counters are here), so they must not be answered stale. Bounded; only the window's challenges land here.
     */
    private final Set<String> ownNoncesInSkew = java.util.Collections.newSetFromMap(java.util.Collections
            .synchronizedMap(new java.util.LinkedHashMap<String, Boolean>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > OWN_NONCES_MAX;
                }
            }));
    private static final int OWN_NONCES_MAX = 100_000;
    private final long createdAt;
    private final Optional<KeyMaterialSealer> sealer;

    public AuthHandler(AuthConfig config, DigestAuthenticator authenticator, AuthMetrics metrics, Clock clock) {
        this(config, authenticator, metrics, clock, Optional.empty());
    }

    /**
     * As above; {@code sealer} opens the SDES/MIKEY key material the edge sealed, needed only to check a
     * {@code qop=auth-int} digest, which covers the body as the client sent it (RFC 7616 §3.4.3).
     */
    public AuthHandler(AuthConfig config, DigestAuthenticator authenticator, AuthMetrics metrics, Clock clock,
                       Optional<KeyMaterialSealer> sealer) {
        super(STAGE, clock);
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.config = Objects.requireNonNull(config, "config");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.createdAt = clock.millis();
    }

    @Override
    public Future<Void> onAssigned(Set<Integer> partitions) {
        long now = clock.millis();
        partitions.forEach(p -> assignedAt.put(p, now));
        return Future.succeededFuture();
    }

    @Override
    public void onRevoked(Set<Integer> partitions) {
        partitions.forEach(assignedAt::remove);
    }

    /**
     * Milliseconds until every partition assigned here is past its rebalance skew window (0 when it is): inside the
     * window a nonce another node (the edge, or the previous owner) minted is answered stale, so a process should not
     * take traffic before it ends.
     */
    public long skewRemainingMillis() {
        long now = clock.millis();
        long skew = config.rebalanceSkew().toMillis();
        long remaining = 0;
        for (long at : assignedAt.values()) {
            remaining = Math.max(remaining, at + skew - now);
        }
        return remaining;
    }

    /** Rehearses the digest and nonce arithmetic on a synthetic request's credentials; changes no state. */
    @Override
    protected void onWarmUp(StageRequest request) {
        SipRequest req = request.request();
        List<AuthHeader> offered = req.method().equals("REGISTER") ? req.authorizations() : req.proxyAuthorizations();
        for (AuthHeader h : offered) {
            if (DigestCredentials.fromParams(h.scheme(), h.params()) instanceof DigestCredentials.Parsed p) {
                authenticator.rehearse(p.credentials(), req.method(), req.body());
            }
        }
    }

    @Override
    protected Future<List<Outcome>> onRequest(StageRequest request) {
        return done(request(request.record(), asSent(request.event(), request.request())));
    }

    /** What to produce for one record (synchronously; never throws on untrusted input). */
    public List<Outcome> process(StageRecord record) {
        return handle(record).result();
    }

    /**
     * The request with its body as the client sent it when an {@code auth-int} digest needs that body and the edge
     * sealed key material out of it; otherwise {@code req} (key material is opened only when needed).
     */
    private SipRequest asSent(SipEvent event, SipRequest req) {
        if (!event.hasSealedSecrets() || sealer.isEmpty() || !wantsAuthInt(req)) {
            return req;
        }
        if (sealer.get().restore(event) instanceof KeyMaterialSealer.Unsealed.Restored r
                && decoder.decode(r.sip()) instanceof DecodeResult.Parsed p && p.message() instanceof SipRequest sent) {
            return sent;
        }
        return req; // cannot open: the redacted body fails the auth-int digest, so nothing is authorized blind
    }

    private static boolean wantsAuthInt(SipRequest req) {
        for (String name : List.of("Authorization", "Proxy-Authorization")) {
            for (String v : req.headers().all(name)) {
                if (v.toLowerCase(java.util.Locale.ROOT).contains("auth-int")) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<Outcome> request(StageRecord record, SipRequest req) {
        SipEvent event = record.event();
        String method = req.method();
        if (method.equals("ACK") || method.equals("CANCEL")) {
            // RFC 3261 §22.1: ACK and CANCEL cannot be challenged; the edge's transactions handle them
            return List.of(Outcome.drop("not_challengeable"));
        }
        Optional<String> route = config.routeFor(method);
        if (route.isEmpty()) {
            return List.of(respond(event, req, 501, "Not Implemented", List.of()));
        }
        String peer = event.getFlow().getPeerIdentity();
        if (!peer.isEmpty() && config.trustedPeers().contains(peer)) {
            metrics.trustedPeer();
            return List.of(forward(event, req, route.get(), AuthAssertions.mtlsPeer(peer)));
        }
        boolean register = method.equals("REGISTER");
        Uri target = register ? req.to().uri() : req.requestUri();
        String realm = config.realmFor(target instanceof SipUri s ? s.host() : null);

        List<AuthHeader> offered = register ? req.authorizations() : req.proxyAuthorizations();
        Optional<DigestCredentials> credentials = Optional.empty();
        AuthHeader chosen = pick(offered, realm);
        if (chosen != null) {
            switch (DigestCredentials.fromParams(chosen.scheme(), chosen.params())) {
                case DigestCredentials.Parsed p -> credentials = Optional.of(p.credentials());
                case DigestCredentials.Invalid inv -> {
                    metrics.record(new AuthResult(AuthOutcome.MALFORMED, Optional.empty(), Optional.empty(), 0,
                            Optional.empty(), inv.reason()));
                    return List.of(respond(event, req, 400, "Bad Request (credentials)", List.of()));
                }
            }
        }
        if (credentials.isPresent()) {
            String owner = authenticator.ownerKey(realm, credentials.get());
            if (!owner.equals(record.key())) {
                // Counters live with the partition of realm/user. The edge keys by From, which the digest does not
                // cover: a request keyed otherwise (a From host that is not the realm, or a replay with an altered
                // From) goes back to this topic under its owner's key instead of being checked here.
                metrics.rerouted();
                return List.of(Outcome.forward(record.topic(), owner, event));
            }
        }
        List<String> claimed = register ? claimedUsers(req) : List.of();
        String requestId = new StageRequest(record, req).transactionId();
        long assigned = assignedAt.getOrDefault(record.partition(), createdAt);
        long skewEnd = assigned + config.rebalanceSkew().toMillis();
        long floor = credentials.isPresent() && ownNoncesInSkew.contains(credentials.get().nonce()) ? assigned : skewEnd;
        AuthAttempt attempt = new AuthAttempt(method, req.requestUriText(), req.body(), realm, credentials,
                event.getFlow().getRemoteHost(), floor, requestId, claimed);
        AuthResult result = authenticator.authenticate(attempt);
        metrics.record(result);
        if (result.outcome() != AuthOutcome.OK && result.outcome() != AuthOutcome.CHALLENGE) {
            LOG.debug("auth {} for {} from {}: {}", result.outcome().tag(), method,
                    event.getFlow().getRemoteHost(), result.detail());
        }
        AuthOutcome o = result.outcome();
        return switch (o.action()) {
            case FORWARD -> {
                AuthenticatedIdentity id = result.identity().orElseThrow();
                yield List.of(forward(event, req, route.get(),
                        AuthAssertions.digestUser(id.user(), id.realm(), id.algorithm().token())));
            }
            case CHALLENGE -> {
                if (clock.millis() < skewEnd) {
                    ownNoncesInSkew.add(result.challenge().orElseThrow().nonce());
                }
                String header = Challenge.headerName(method);
                List<String[]> headers = new ArrayList<>();
                result.challenge().orElseThrow().headerValues().forEach(v -> headers.add(new String[] {header, v}));
                yield List.of(respond(event, req, o.status(method), o.reason(method), headers));
            }
            case STATUS -> {
                List<String[]> headers = o == AuthOutcome.LOCKED_OUT
                        ? List.<String[]>of(new String[] {"Retry-After", Long.toString(result.retryAfterSeconds())})
                        : List.of();
                yield List.of(respond(event, req, o.status(method), o.reason(method), headers));
            }
        };
    }

    /** The Digest credentials for our realm, else the first Digest ones (answered as a realm mismatch). */
    private static AuthHeader pick(List<AuthHeader> offered, String realm) {
        AuthHeader first = null;
        for (AuthHeader h : offered) {
            if (!h.digest()) {
                continue;
            }
            if (realm.equals(h.params().get("realm"))) {
                return h;
            }
            if (first == null) {
                first = h;
            }
        }
        return first;
    }

    /** RFC 3261 §10.3 step 5 (as policy): a REGISTER's To (the AOR) and From users must be the authenticated user. */
    private static List<String> claimedUsers(SipRequest req) {
        List<String> users = new ArrayList<>(2);
        users.add(req.to().uri() instanceof SipUri s ? s.user() : "");
        users.add(req.from().uri() instanceof SipUri s ? s.user() : "");
        return users;
    }

    private Outcome forward(SipEvent event, SipRequest req, String topic, AuthAssertion assertion) {
        String next = topic;
        if (topic.equals(Topics.MEDIA) && config.skipMediaWhenUnkeyed() && req.is("INVITE") && SdpBodies.certainlyUnkeyed(
                req.headers().first("Content-Type"), req.headers().first("Content-Encoding"), req.body())) {
            next = Topics.IDENTITY; // nothing for the media stage to check: straight to signing
        }
        return Outcome.forward(next, routingKey(req), event.toBuilder().setAuth(assertion).build());
    }

    /**
     * The record key for the next stage: a REGISTER by its AOR (To), requests addressed to an AOR (OPTIONS, PUBLISH,
     * SUBSCRIBE, and MESSAGE/NOTIFY/INFO for delivery) by the Request-URI's AOR, so AOR-keyed stages own them; everything else by Call-ID.
     */
    static String routingKey(SipRequest req) {
        Uri u = switch (req.method()) {
            case "REGISTER" -> req.to().uri();
            case "OPTIONS", "PUBLISH", "SUBSCRIBE", "MESSAGE", "NOTIFY", "INFO" -> req.requestUri();
            default -> null;
        };
        return u instanceof SipUri s ? Topics.aorKey(s.user(), s.host()) : req.callId();
    }

    private Outcome respond(SipEvent event, SipRequest req, int status, String reason, List<String[]> headers) {
        SipResponse.Builder b = StageReplies.response(req, status, reason);
        for (String[] h : headers) {
            b.header(h[0], h[1]);
        }
        return replies().reply(event, b.build());
    }
}
