package io.vouch.registrar.internal;

import io.vouch.proto.AuthAssertion;
import io.vouch.proto.AuthAssertions;
import io.vouch.registrar.Binding;
import io.vouch.registrar.RegistrarConfig;
import io.vouch.registrar.internal.RegistrationResult.Accepted;
import io.vouch.registrar.internal.RegistrationResult.Kind;
import io.vouch.registrar.internal.RegistrationResult.Rejected;
import io.vouch.runtime.sip.SipCapabilities;
import io.vouch.sip.Contact;
import io.vouch.sip.NameAddr;
import io.vouch.sip.SipUri;
import io.vouch.sip.Uri;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;

/**
 * Processes a REGISTER against the current bindings of its AOR as RFC 3261 §10.3 steps 1-8 require, with RFC 5626 §6
 * flow bindings and RFC 3327 §5.3 Path; pure (no I/O): the caller stores the new state before answering.
 *
 * <p>All binding changes of one request are applied to a copy and committed together or not at all (§10.3 step 7).
 * A REGISTER whose (Call-ID, CSeq, branch) is among the AOR's recently applied transactions is a redelivery and
 * gets the same 200 again instead of a 500.
 */
public final class RegistrationProcessor {
    /** Option tags this registrar implements (RFC 3327, RFC 5626, RFC 5627). */
    public static final Set<String> SUPPORTED_EXTENSIONS = Set.copyOf(SipCapabilities.SUPPORTED);
    /** How the auth stage names a peer it admitted by mutual TLS instead of digest. */

    private final RegistrarConfig config;
    private final Clock clock;
    private final java.security.SecureRandom random = new java.security.SecureRandom();

    private final IntSupplier partitions;

    public RegistrationProcessor(RegistrarConfig config, Clock clock) {
        this(config, clock, () -> 0);
    }

    /** @param partitions the partition count of the registrar's topics (0 when unknown), for temporary GRUU keys */
    public RegistrationProcessor(RegistrarConfig config, Clock clock, IntSupplier partitions) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.partitions = Objects.requireNonNull(partitions, "partitions");
    }

    /** Processes {@code req} against {@code current}, the AOR's stored record (empty when it has none). */
    public RegistrationResult process(RegisterRequest req, Optional<AorRecord> current) {
        return process(req, current, clock.instant());
    }

    /**
     * Processes {@code req} as of {@code now}; the caller passes the instant it also formats the 200 with, so the
     * {@code expires} it lists never exceed what was granted.
     */
    public RegistrationResult process(RegisterRequest req, Optional<AorRecord> current, Instant now) {
        if (!config.domains().isEmpty() && !config.domains().contains(req.aorHost())) {
            return Rejected.of(Rejection.NOT_FOUND, "Not Found");
        }
        TreeSet<String> unsupported = new TreeSet<>(req.require());
        unsupported.removeAll(SUPPORTED_EXTENSIONS);
        if (!unsupported.isEmpty()) {
            return new Rejected(Rejection.BAD_EXTENSION, "Bad Extension",
                    Map.of("Unsupported", String.join(", ", unsupported)));
        }
        if (req.identity().isEmpty()) {
            return Rejected.of(Rejection.NOT_AUTHENTICATED, "Forbidden");
        }
        if (!authorized(req.identity().get(), req.aor())) {
            return Rejected.of(Rejection.NOT_AUTHORIZED, "Forbidden");
        }
        AorRecord cur = current.orElse(null);
        List<Binding> live = cur == null ? List.of() : cur.live(now);
        if (req.contacts().isEmpty()) {
            return new Accepted(Kind.QUERY, current, false, live, false, 0);
        }
        if (req.wildcard()) {
            return removeAll(req, cur, live, now);
        }
        List<Plan> plans = new ArrayList<>(req.contacts().size());
        for (Contact c : req.contacts()) {
            Object p = plan(req, c);
            if (p instanceof Rejected r) {
                return r;
            }
            plans.add((Plan) p);
        }
        int nonZero = 0;
        boolean outbound = false;
        for (Plan p : plans) {
            if (p.expires > 0) {
                nonZero++;
            }
            outbound |= p.outbound;
        }
        if (nonZero > 1 && plans.stream().anyMatch(p -> p.outbound && p.expires > 0)) {
            return Rejected.of(Rejection.BAD_REQUEST, "Several Contacts With reg-id");
        }
        if (cur != null && cur.applied(req.id())) {
            return new Accepted(Kind.REPLAY, current, false, live, outbound, 0);
        }
        return apply(req, cur, live, plans, now, outbound);
    }

    /** §10.3 step 6: {@code *} removes every binding, but only with Expires: 0 and only in order. */
    private RegistrationResult removeAll(RegisterRequest req, AorRecord cur, List<Binding> live, Instant now) {
        if (req.expires().isEmpty() || req.expires().getAsLong() != 0) {
            return Rejected.of(Rejection.BAD_REQUEST, "Wildcard Contact Requires Expires 0");
        }
        if (cur != null && cur.applied(req.id())) {
            return new Accepted(Kind.REPLAY, Optional.of(cur), false, live, false, 0);
        }
        for (Binding b : live) {
            if (outOfOrder(b, req.id())) {
                return Rejected.of(Rejection.OUT_OF_ORDER, "Out Of Order");
            }
        }
        int expired = cur == null ? 0 : cur.expiredCount(now);
        return new Accepted(Kind.UPDATED, Optional.empty(), cur != null, List.of(), false, expired);
    }

    private RegistrationResult apply(RegisterRequest req, AorRecord cur, List<Binding> live, List<Plan> plans,
                                     Instant now, boolean outbound) {
        List<Binding> working = new ArrayList<>(live);
        Set<Binding> touched = Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> path = req.path().stream().map(NameAddr::toString).toList();
        for (Plan p : plans) {
            int idx = find(working, p);
            String tempGruu = p.expires == 0 ? "" : tempGruu(req, p, idx >= 0 ? working.get(idx) : null);
            Binding next = p.expires == 0 ? null : new Binding(p.uriText, p.params, p.q, p.instance, p.regId,
                    p.outbound, req.flow(), path, req.id().callId(), req.id().cseq(), now.plusSeconds(p.expires),
                    now, tempGruu);
            if (idx >= 0) {
                Binding existing = working.get(idx);
                if (!touched.contains(existing) && outOfOrder(existing, req.id())) {
                    return Rejected.of(Rejection.OUT_OF_ORDER, "Out Of Order");
                }
                if (next == null) {
                    working.remove(idx);
                } else {
                    working.set(idx, next);
                    touched.add(next);
                }
            } else if (next != null) {
                working.add(next);
                touched.add(next);
            }
        }
        if (working.size() > config.maxContactsPerAor()) {
            return Rejected.of(Rejection.TOO_MANY_CONTACTS, "Too Many Contacts");
        }
        int expired = cur == null ? 0 : cur.expiredCount(now);
        if (working.isEmpty()) {
            return new Accepted(Kind.UPDATED, Optional.empty(), cur != null, List.of(), outbound, expired);
        }
        List<RequestId> recent = new ArrayList<>(cur == null ? List.of() : cur.recent());
        if (config.replayWindow() > 0) {
            recent.add(req.id());
            while (recent.size() > config.replayWindow()) {
                recent.remove(0);
            }
        } else {
            recent.clear();
        }
        AorRecord next = new AorRecord(req.aor(), working, recent);
        return new Accepted(Kind.UPDATED, Optional.of(next), true, next.live(now), outbound, expired);
    }

    /** §10.3 step 7: same Call-ID and a CSeq not above the binding's means an older or repeated request. */
    private static boolean outOfOrder(Binding b, RequestId id) {
        return b.callId().equals(id.callId()) && id.cseq() <= b.cseq();
    }

    /** An RFC 5626 flow binding matches on instance + reg-id only; any other binding by URI (§19.1.4). */
    private static int find(List<Binding> working, Plan p) {
        for (int i = 0; i < working.size(); i++) {
            Binding b = working.get(i);
            if (p.outbound) {
                if (b.outbound() && b.regId() == p.regId && b.instanceId().equals(p.instance)) {
                    return i;
                }
            } else if (!b.outbound()) {
                Optional<Uri> stored = Uri.parse(b.contact());
                if (stored.isPresent() && UriEquivalence.equivalent(stored.get(), p.uri)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Validates one Contact and decides its expiry and whether it is an outbound flow; a Plan or a Rejected. */
    private Object plan(RegisterRequest req, Contact c) {
        if (c.wildcard()) {
            return Rejected.of(Rejection.BAD_REQUEST, "Wildcard Contact With Other Contacts");
        }
        OptionalDouble q = c.q();
        if (c.param("q").isPresent() && q.isEmpty()) {
            return Rejected.of(Rejection.BAD_REQUEST, "Invalid q");
        }
        OptionalInt regId = c.regId();
        if (c.param("reg-id").isPresent() && (regId.isEmpty() || regId.getAsInt() < 1)) {
            return Rejected.of(Rejection.BAD_REQUEST, "Invalid reg-id");
        }
        long expires = expiry(c.expires(), req.expires());
        if (expires > 0 && expires < config.minExpiresSeconds()) {
            return new Rejected(Rejection.INTERVAL_TOO_BRIEF, "Interval Too Brief",
                    Map.of("Min-Expires", Long.toString(config.minExpiresSeconds())));
        }
        String instance = c.sipInstance().orElse("");
        boolean outbound = false;
        if (!instance.isEmpty() && regId.isPresent() && config.outboundEnabled()) {
            if (firstHopSupportsOutbound(req)) {
                outbound = true;
            } else if (req.supported().contains("outbound")) {
                return Rejected.of(Rejection.FIRST_HOP_LACKS_OUTBOUND, "First Hop Lacks Outbound Support");
            }
        }
        Map<String, String> params = new LinkedHashMap<>(c.nameAddr().params());
        params.remove("expires");
        params.remove("q");
        int qt = q.isPresent() ? (int) Math.round(q.getAsDouble() * 1000) : Binding.NO_Q;
        return new Plan(c.uri(), c.uri().toString(), params, qt, instance, regId.orElse(0), outbound, expires);
    }

    /**
     * RFC 5627 §6: a contact with {@code +sip.instance} from a UA that supports {@code gruu} gets a temporary GRUU;
     * a refresh with the same Call-ID keeps the one issued (it stays valid until the Call-ID changes or the binding
     * goes), a new Call-ID gets a new one.
     */
    private String tempGruu(RegisterRequest req, Plan p, Binding existing) {
        if (p.instance.isEmpty() || !req.supported().contains("gruu")) {
            return "";
        }
        if (existing != null && !existing.tempGruu().isEmpty() && existing.callId().equals(req.id().callId())) {
            return existing.tempGruu();
        }
        return Gruus.newToken(random, req.aor(), partitions.getAsInt());
    }

    /** The contact's {@code expires} wins over Expires, then the default; clamped to the maximum (§10.3 step 7). */
    private long expiry(OptionalLong param, OptionalLong header) {
        long e = param.isPresent() ? param.getAsLong()
                : header.isPresent() ? header.getAsLong() : config.defaultExpiresSeconds();
        return Math.min(e, config.maxExpiresSeconds());
    }

    /**
     * RFC 5626 §6: outbound applies when the UA is the first hop (one Via: the edge is the registrar's transport) or
     * the first Path URI carries {@code ob}.
     */
    private static boolean firstHopSupportsOutbound(RegisterRequest req) {
        if (req.viaCount() <= 1) {
            return true;
        }
        return !req.path().isEmpty() && req.path().get(0).uri() instanceof SipUri s && s.params().containsKey("ob");
    }

    /**
     * RFC 3261 §10.3 step 4: a digest user ({@code user@realm}) must be the AOR's user; the realm need not be the
     * AOR's domain. An mTLS trusted peer (which the auth stage admits by configuration) may register any AOR, as an
     * SBC does for the users behind it. Nothing else is authorized (fail closed).
     */
    static boolean authorized(AuthAssertion identity, String aor) {
        return switch (identity.getMethod()) {
            case MTLS_PEER -> !identity.getIdentity().isEmpty();
            case DIGEST_USER -> {
                int at = aor.lastIndexOf('@');
                yield at > 0 && AuthAssertions.user(identity).equals(aor.substring(0, at));
            }
            default -> false;
        };
    }

    private record Plan(Uri uri, String uriText, Map<String, String> params, int q, String instance, int regId,
                        boolean outbound, long expires) {
    }
}
