package io.vouch.registrar.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vouch.proto.SipEvent;
import io.vouch.registrar.RegistrarConfig;
import io.vouch.registrar.internal.RegisterParser.Parsed;
import io.vouch.registrar.internal.RegistrationResult.Accepted;
import io.vouch.registrar.internal.RegistrationResult.Kind;
import io.vouch.registrar.internal.RegistrationResult.Rejected;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.PartitionStateListener;
import io.vouch.runtime.RetriableStageException;
import io.vouch.runtime.StageRecord;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.sip.SipCapabilities;
import io.vouch.runtime.sip.SipStageHandler;
import io.vouch.runtime.sip.StageRequest;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar's stage handler (RFC 3261 §10.3 for REGISTER, §11.2 for OPTIONS) and partition-state hook.
 *
 * <p>State changes of an AOR happen only on the stage's event loop: in {@link #handle} (the runtime hands records of
 * one key to the handler one at a time, each after the previous one's outcomes were acknowledged) and in
 * {@link #sweep}, which must run on that same loop ({@link #runOnStageContext}). A changed record is returned as a
 * {@link Outcome.Write} before the 200 {@link Outcome.Reply}, so the 200 is sent only once the binding is durable.
 */
public final class RegistrarStage extends SipStageHandler implements PartitionStateListener {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrarStage.class);
    public static final String STAGE = "registrar";

    private final RegistrarConfig config;
    private final BindingStore store;
    private final RegistrationProcessor processor;
    private final Responses responses;
    private final RegistrarMetrics metrics;
    private final Function<Set<Integer>, Future<Map<Integer, Map<String, AorRecord>>>> loader;
    private final BusProducer producer;
    private final String stateTopic;
    private final Clock clock;
    private volatile Context stageContext;
    /** Per partition, bumped by every assignment and revocation (on the stage's event loop, like both callbacks). */
    private final Map<Integer, Long> generations = new HashMap<>();

    /**
     * @param loader   replays the state topic for newly assigned partitions (off the event loop)
     * @param producer used by the sweep for its writes (the same producer the stage uses, so per-key order holds)
     */
    public RegistrarStage(RegistrarConfig config, BindingStore store, RegistrarMetrics metrics,
                          Function<Set<Integer>, Future<Map<Integer, Map<String, AorRecord>>>> loader,
                          BusProducer producer, String stateTopic, Clock clock) {
        this(config, store, metrics, loader, producer, stateTopic, clock, () -> 0);
    }

    /** @param partitions the partition count of the state topic once known (0 before), for temporary GRUU keys */
    public RegistrarStage(RegistrarConfig config, BindingStore store, RegistrarMetrics metrics,
                          Function<Set<Integer>, Future<Map<Integer, Map<String, AorRecord>>>> loader,
                          BusProducer producer, String stateTopic, Clock clock, IntSupplier partitions) {
        super(STAGE, clock);
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.producer = producer;
        this.stateTopic = Objects.requireNonNull(stateTopic, "stateTopic");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.processor = new RegistrationProcessor(config, clock, partitions);
        this.responses = new Responses(config);
    }

    @Override
    public Future<Void> onAssigned(Set<Integer> partitions) {
        stageContext = Vertx.currentContext();
        // a rebalance can revoke (and reassign) a partition while its state loads: only the newest assignment's load
        // of a partition still assigned is kept, so no replica holds or sweeps state another replica owns
        Map<Integer, Long> mine = new HashMap<>();
        partitions.forEach(p -> mine.put(p, generations.merge(p, 1L, Long::sum)));
        return loader.apply(partitions).map(loaded -> {
            Set<Integer> kept = new TreeSet<>();
            loaded.forEach((p, records) -> {
                if (mine.containsKey(p) && mine.get(p).equals(generations.get(p))) {
                    store.loadPartition(p, records);
                    kept.add(p);
                }
            });
            LOG.info("Registrar owns partitions {} of {} ({} AORs held)", kept, stateTopic, store.aorCount());
            return null;
        });
    }

    @Override
    public void onRevoked(Set<Integer> partitions) {
        partitions.forEach(p -> generations.merge(p, 1L, Long::sum));
        store.dropPartitions(partitions);
        LOG.info("Registrar released partitions {} of {}", partitions, stateTopic);
    }

    /**
     * What the registrar's stage consumes: the edge's flow-closed notices (events without a SIP message, see
     * {@link FlowBindings}) and, for everything else, this SIP handler.
     */
    public io.vouch.runtime.StageHandler input() {
        return record -> {
            if (FlowBindings.isNotice(record.event())) {
                if (stageContext == null) {
                    stageContext = Vertx.currentContext();
                }
                return flowClosed(record);
            }
            return handle(record);
        };
    }

    @Override
    protected Future<List<Outcome>> onRequest(StageRequest request) {
        if (stageContext == null) {
            stageContext = Vertx.currentContext();
        }
        SipEvent event = request.event();
        SipRequest req = request.request();
        return switch (req.method()) {
            case "ACK" -> done(Outcome.drop("ack"));
            case "OPTIONS" -> done(options(event, req));
            case "REGISTER" -> register(request.record(), req);
            default -> done(reply(event, responses.methodNotAllowed(req)));
        };
    }

    /**
     * Runs a synthetic REGISTER through parsing, the registration rules against an empty record, the record encoding
     * and the 200 without reading or writing any binding.
     */
    @Override
    protected void onWarmUp(StageRequest request) {
        SipRequest req = request.request();
        if (req.method().equals("REGISTER") && RegisterParser.parse(req, request.event()) instanceof Parsed.Ok ok) {
            Instant now = clock.instant();
            if (processor.process(ok.request(), Optional.empty(), now) instanceof Accepted a) {
                a.state().ifPresent(AorRecordCodec::encode);
                responses.registerOk(req, ok.request(), a, now);
            }
        }
    }

    private List<Outcome> options(SipEvent event, SipRequest req) {
        metrics.options();
        List<String> unsupported = req.require().stream()
                .filter(t -> !SipCapabilities.supports(t))
                .toList();
        if (!unsupported.isEmpty()) {
            return List.of(reply(event, responses.badExtension(req, unsupported)));
        }
        return List.of(reply(event, responses.optionsOk(req)));
    }

    private Future<List<Outcome>> register(StageRecord record, SipRequest req) {
        SipEvent event = record.event();
        RegisterRequest parsed;
        switch (RegisterParser.parse(req, event)) {
            case Parsed.Invalid inv -> {
                metrics.registration(inv.rejected().tag());
                return Future.succeededFuture(List.of(reply(event, responses.rejected(req, inv.rejected()))));
            }
            case Parsed.Ok ok -> parsed = ok.request();
        }
        if (!parsed.aor().equals(record.key())) {
            // the state of this AOR lives in the partition of its own key; answering here could overwrite it
            LOG.warn("REGISTER for {} arrived under key {} ({}-{}); refused", parsed.aor(), record.key(),
                    record.topic(), record.partition());
            metrics.registration("misrouted");
            return Future.succeededFuture(List.of(reply(event,
                    responses.plain(req, 500, "Misrouted Request", Map.of()))));
        }
        if (!store.owns(record.partition())) {
            return Future.failedFuture(new RetriableStageException(
                    "state of partition " + record.partition() + " not loaded"));
        }
        Instant now = clock.instant();
        Optional<AorRecord> current = store.get(parsed.aor());
        RegistrationResult result = processor.process(parsed, current, now);
        metrics.registration(result.tag());
        List<Outcome> out = new ArrayList<>(2);
        switch (result) {
            case Rejected r -> out.add(reply(event, responses.rejected(req, r)));
            case Accepted a -> {
                if (a.changed()) {
                    store.put(record.partition(), parsed.aor(), a.state());
                    out.add(write(parsed.aor(), a.state()));
                } else if (a.kind() == Kind.REPLAY) {
                    // re-write what the first attempt wrote, in case that write never landed
                    out.add(write(parsed.aor(), a.state()));
                }
                metrics.expired(a.expired());
                out.add(reply(event, responses.registerOk(req, parsed, a, now)));
            }
        }
        return Future.succeededFuture(out);
    }

    /**
     * The edge's notice that a flow closed: the bindings of the record's AOR that relied on that flow are removed
     * at once and the new record is written (RFC 5626 §5.3); the others stay.
     */
    private Future<List<Outcome>> flowClosed(StageRecord record) {
        if (!store.owns(record.partition())) {
            return Future.failedFuture(new RetriableStageException(
                    "state of partition " + record.partition() + " not loaded"));
        }
        String aor = record.key();
        Optional<AorRecord> current = store.get(aor);
        if (current.isEmpty()) {
            return Future.succeededFuture(List.of(Outcome.drop("flow_closed_unbound")));
        }
        List<io.vouch.registrar.Binding> remaining = FlowBindings.remaining(current.get(), record.event().getFlow());
        int removed = current.get().bindings().size() - remaining.size();
        if (removed == 0) {
            return Future.succeededFuture(List.of(Outcome.drop("flow_closed_unbound")));
        }
        Optional<AorRecord> next = remaining.isEmpty() ? Optional.empty()
                : Optional.of(new AorRecord(aor, remaining, current.get().recent()));
        store.put(record.partition(), aor, next);
        long closedAtMicros = record.event().getReceivedAtEpochMicros();
        metrics.flowBindingsRemoved(removed, closedAtMicros == 0 ? -1
                : Math.max(0, clock.millis() * 1000 - closedAtMicros));
        return Future.succeededFuture(List.of(write(aor, next)));
    }

    private Outcome write(String aor, Optional<AorRecord> state) {
        return state.map(r -> Outcome.write(stateTopic, aor, AorRecordCodec.encode(r)))
                .orElseGet(() -> Outcome.tombstone(stateTopic, aor));
    }

    private Outcome reply(SipEvent event, SipResponse response) {
        return replies().reply(event, response);
    }

    /** Runs {@link #sweep} on the stage's event loop; does nothing before the first partition was assigned. */
    public void runOnStageContext(Runnable task) {
        Context c = stageContext;
        if (c != null) {
            c.runOnContext(v -> task.run());
        }
    }

    /**
     * Removes expired bindings from memory and writes each changed AOR's record (or a tombstone) to the state topic;
     * returns how many bindings expired. Must run on the stage's event loop (see {@link #runOnStageContext}).
     */
    public Future<Integer> sweep() {
        Instant now = clock.instant();
        List<Future<?>> writes = new ArrayList<>();
        int total = 0;
        for (BindingStore.Expiry e : store.expired(now)) {
            if (!store.owns(e.partition())) {
                continue;
            }
            store.put(e.partition(), e.aor(), e.next());
            total += e.expired();
            if (producer != null) {
                byte[] value = e.next().map(AorRecordCodec::encode).orElse(null);
                writes.add(producer.send(stateTopic, e.aor(), value).onFailure(err ->
                        LOG.warn("Sweep write for an AOR failed (state stays correct in memory): {}", err.toString())));
            }
        }
        metrics.expired(total);
        int swept = total;
        return Future.join(writes).transform(ar -> Future.succeededFuture(swept));
    }
}
