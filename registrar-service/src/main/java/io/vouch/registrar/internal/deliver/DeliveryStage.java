package io.vouch.registrar.internal.deliver;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vouch.proto.AuthAssertion;
import io.vouch.proto.AuthAssertions;
import io.vouch.proto.AuthMethod;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.proto.Topics;
import io.vouch.registrar.Binding;
import io.vouch.registrar.DeliveryConfig;
import io.vouch.registrar.LocationService;
import io.vouch.registrar.internal.Gruus;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.RetriableStageException;
import io.vouch.runtime.StageRecord;
import io.vouch.runtime.kafka.BusSender;
import io.vouch.runtime.sip.SipStageHandler;
import io.vouch.runtime.sip.StageReplies;
import io.vouch.runtime.sip.StageRequest;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import io.vouch.sip.SipUri;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery stage (RFC 3261 §16 stateful proxy, non-INVITE; RFC 3428 MESSAGE): an authenticated request to a
 * local AOR is forwarded to every registered contact through the edge's client transactions, and the best final
 * response goes back upstream — 480 when the AOR has no binding, 404 for a user nobody knows, 408 when no contact
 * answers before the request's deadline. A Request-URI with {@code gr} (RFC 5627 §5.5) goes to the one binding
 * the GRUU resolves to, never to the AOR's other contacts. The edge's responses come back on {@link Topics#DELIVER}
 * under the record's key, so the replica holding the pending request sees them. Pending requests are bounded ({@code deliver.max.pending},
 * then 503) and time out; a redelivered request is answered again, never delivered twice. Event loop only.
 */
public final class DeliveryStage extends SipStageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStage.class);
    public static final String STAGE = "deliver";
    private static final String BRANCH_TX_PREFIX = "deliver:";

    /** One-shot timers on the stage's event loop. */
    public interface Timers {
        long set(long delayMs, Runnable task);

        void cancel(long id);
    }

    private final DeliveryConfig config;
    private final LocationService location;
    private final IntPredicate ownsPartition;
    private final Predicate<String> knownUser;
    private final Timers timers;
    private final BusSender sender;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final SipMessageEncoder encoder = new SipMessageEncoder();
    private final Map<String, ResponseContext> pending = new HashMap<>();
    private final CompletedCache completed;

    /**
     * @param ownsPartition whether the bindings of a partition are loaded here
     * @param knownUser     whether a user ({@code realm/user} key, lower-case realm) has credentials
     * @param sender        sends the timeout answers that no record triggers
     */
    public DeliveryStage(DeliveryConfig config, LocationService location, IntPredicate ownsPartition,
                         Predicate<String> knownUser, Timers timers, BusSender sender, DeliveryMetrics metrics,
                         Clock clock) {
        super(STAGE, clock);
        this.config = Objects.requireNonNull(config, "config");
        this.location = Objects.requireNonNull(location, "location");
        this.ownsPartition = Objects.requireNonNull(ownsPartition, "ownsPartition");
        this.knownUser = Objects.requireNonNull(knownUser, "knownUser");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.completed = new CompletedCache(config.completedMax(), config.completedTtl().toMillis());
    }

    /** Requests waiting for their contacts. */
    public int pendingCount() {
        return pending.size();
    }

    @Override
    protected Future<List<Outcome>> onResponse(StageRecord record, SipResponse response) {
        return done(onBranchResponse(record.event(), response));
    }

    @Override
    protected Future<List<Outcome>> onRequest(StageRequest request) {
        StageRecord record = request.record();
        SipEvent event = request.event();
        SipRequest req = request.request();
        if (req.is("ACK") || req.is("CANCEL")) {
            return done(Outcome.drop("not_forwarded"));
        }
        String upstreamKey = event.getFlow().getEdgeId() + "|" + request.transactionId();
        long now = clock.millis();
        Optional<SipReply> replay = completed.get(upstreamKey, now);
        if (replay.isPresent()) {
            return done(Outcome.reply(replay.get()));
        }
        if (pending.containsKey(upstreamKey)) {
            return done(Outcome.drop("duplicate"));
        }
        if (!config.methods().contains(req.method())) {
            return done(answer(event, req, upstreamKey, 405, "Method Not Allowed", "bad_request"));
        }
        Optional<AuthAssertion> identity = AuthAssertions.of(event);
        if (identity.isEmpty()) {
            // only the auth stage lets a request through to here; anything else fails closed
            return done(answer(event, req, upstreamKey, 403, "Not Authenticated", "forbidden"));
        }
        boolean digestUser = identity.get().getMethod() == AuthMethod.DIGEST_USER;
        if (config.fromMustMatch() && digestUser && !fromMatches(req, AuthAssertions.user(identity.get()))) {
            return done(answer(event, req, upstreamKey, 403, "From Is Not The Authenticated User", "forbidden"));
        }
        if (req.maxForwards().isPresent() && req.maxForwards().getAsInt() <= 0) {
            return done(answer(event, req, upstreamKey, 483, "Too Many Hops", "too_many_hops")); // §16.3 step 3
        }
        if (ProxyForwarder.looped(req)) {
            return done(answer(event, req, upstreamKey, 482, "Loop Detected", "loop")); // §16.3 step 4
        }
        if (!(req.requestUri() instanceof SipUri ruri) || ruri.user() == null || ruri.user().isEmpty()) {
            return done(answer(event, req, upstreamKey, 404, "Not Found", "unknown_user"));
        }
        String aor = Topics.aorKey(ruri.user(), ruri.host());
        if (!aor.equals(record.key())) {
            // the bindings of that AOR are in the partition of its own key
            return done(Outcome.forward(record.topic(), aor, event));
        }
        if (!ownsPartition.test(record.partition())) {
            return Future.failedFuture(new RetriableStageException(
                    "bindings of partition " + record.partition() + " not loaded"));
        }
        Optional<SipRequest> routed = RouteSet.popOwn(req, event.getFlow(), ruri.host());
        if (routed.isEmpty()) {
            return done(answer(event, req, upstreamKey, 403, "Foreign Route Not Served", "forbidden"));
        }
        List<Binding> bindings;
        if (ruri.param("gr").isPresent()) {
            // RFC 5627 §5.5: a request to a GRUU goes to the contact of that instance only
            Optional<Binding> target = location.resolveGruu(ruri.toString());
            if (target.isEmpty()) {
                return done(unresolvedGruu(event, req, upstreamKey, ruri, aor));
            }
            bindings = List.of(target.get());
        } else {
            bindings = location.lookup(aor);
            if (bindings.isEmpty()) {
                return done(unbound(event, req, upstreamKey, ruri));
            }
        }
        if (pending.size() >= config.maxPending()) {
            return done(answerWith(event, upstreamKey, StageReplies.response(req, 503, "Service Unavailable")
                    .header("Retry-After", "1").build(), "overloaded"));
        }
        String realm = digestUser ? identity.get().getRealm() : "";
        List<Outcome> out = new ArrayList<>(bindings.size());
        for (Binding b : bindings) {
            ProxyForwarder.forward(routed.get(), b, out.size(), upstreamKey, realm)
                    .ifPresent(branch -> out.add(branchOutcome(event, branch, aor)));
        }
        if (out.isEmpty()) {
            return done(unbound(event, req, upstreamKey, ruri));
        }
        ResponseContext ctx = new ResponseContext(upstreamKey, aor, event, req, out.size());
        pending.put(upstreamKey, ctx);
        metrics.pending(pending.size());
        ctx.timerId = timers.set(waitMs(event, now), () -> onTimeout(upstreamKey));
        return Future.succeededFuture(out);
    }

    private List<Outcome> unbound(SipEvent event, SipRequest req, String upstreamKey, SipUri ruri) {
        boolean known = !config.knowsUsers()
                || knownUser.test(Topics.userKey(ruri.host(), ruri.user()));
        return known ? answer(event, req, upstreamKey, 480, "Temporarily Unavailable", "no_binding")
                : answer(event, req, upstreamKey, 404, "Not Found", "unknown_user");
    }

    /**
     * RFC 5627 §5.5: a public GRUU of an AOR that still has bindings, but none of that instance, is 480; otherwise
     * the AOR rules apply (480 known user, 404 unknown). A temporary GRUU that resolves to nothing, or a {@code gr}
     * URI of a form this registrar never issues, is 404: no GRUU of this domain.
     */
    private List<Outcome> unresolvedGruu(SipEvent event, SipRequest req, String upstreamKey, SipUri ruri,
                                         String aor) {
        if (Gruus.parse(ruri.toString()).orElse(null) instanceof Gruus.Public) {
            return location.lookup(aor).isEmpty() ? unbound(event, req, upstreamKey, ruri)
                    : answer(event, req, upstreamKey, 480, "Temporarily Unavailable", "no_binding");
        }
        return answer(event, req, upstreamKey, 404, "Not Found", "unknown_user");
    }

    /** The wait for the contacts: {@code deliver.timeout.ms}, cut to end before the edge's pipeline deadline. */
    private long waitMs(SipEvent event, long now) {
        long wait = config.timeout().toMillis();
        if (event.getDeadlineEpochMillis() > 0) {
            wait = Math.min(wait, event.getDeadlineEpochMillis() - config.deadlineMargin().toMillis() - now);
        }
        return Math.max(1, wait);
    }

    private Outcome branchOutcome(SipEvent event, ProxyForwarder.Branch branch, String aor) {
        return Outcome.reply(SipReply.newBuilder()
                .setSip(ByteString.copyFrom(encoder.encode(branch.request())))
                .setFlow(branch.flow())
                .setTransactionId(branch.transactionId())
                .setTraceId(event.getTraceId())
                .setStage(STAGE)
                .setProducedAtEpochMicros(clock.millis() * 1000)
                .setResponseTopic(Topics.DELIVER)
                .setResponseKey(aor)
                .build());
    }

    private List<Outcome> onBranchResponse(SipEvent event, SipResponse resp) {
        String tx = event.getTransactionId();
        int sep = tx.indexOf(':', BRANCH_TX_PREFIX.length());
        if (!tx.startsWith(BRANCH_TX_PREFIX) || sep < 0) {
            return List.of(Outcome.drop("not_a_branch"));
        }
        int index;
        try {
            index = Integer.parseInt(tx.substring(BRANCH_TX_PREFIX.length(), sep));
        } catch (NumberFormatException e) {
            return List.of(Outcome.drop("not_a_branch"));
        }
        ResponseContext ctx = pending.get(tx.substring(sep + 1));
        if (ctx == null || resp.status() < 200) {
            return List.of(Outcome.drop("late_response"));
        }
        // §16.7 step 3: the proxy's own Via comes off before the response goes upstream
        SipResponse upstream = resp.vias().size() > 1 ? resp.newBuilder().removeFirstValue("Via").build() : resp;
        Optional<SipResponse> decided = ctx.onFinal(index, upstream);
        if (decided.isEmpty()) {
            return List.of();
        }
        return finish(ctx, decided.get(), DeliveryMetrics.fromContacts(decided.get().status()));
    }

    private void onTimeout(String upstreamKey) {
        ResponseContext ctx = pending.get(upstreamKey);
        if (ctx == null) {
            return;
        }
        ctx.timerId = -1;
        SipResponse timeout = StageReplies.response(ctx.request, 408, "Request Timeout").build();
        for (Outcome o : finish(ctx, timeout, "timeout")) {
            if (o instanceof Outcome.Reply r) {
                sender.send(r.topic(), r.key(), r.reply().toByteArray()).onFailure(err ->
                        LOG.warn("Sending a delivery timeout upstream failed: {}", err.toString()));
            }
        }
    }

    private List<Outcome> finish(ResponseContext ctx, SipResponse response, String outcome) {
        ctx.close();
        pending.remove(ctx.upstreamKey);
        metrics.pending(pending.size());
        if (ctx.timerId >= 0) {
            timers.cancel(ctx.timerId);
        }
        return answerWith(ctx.event, ctx.upstreamKey, response, outcome);
    }

    private List<Outcome> answer(SipEvent event, SipRequest req, String upstreamKey, int status, String reason,
                                 String outcome) {
        return answerWith(event, upstreamKey, StageReplies.response(req, status, reason).build(), outcome);
    }

    private List<Outcome> answerWith(SipEvent event, String upstreamKey, SipResponse response, String outcome) {
        metrics.outcome(outcome);
        Outcome reply = replies().reply(event, response);
        completed.put(upstreamKey, ((Outcome.Reply) reply).reply(), clock.millis());
        return List.of(reply);
    }

    private static boolean fromMatches(SipRequest req, String user) {
        return req.from().uri() instanceof SipUri f && user.equals(f.user());
    }
}
