package io.vouch.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vouch.runtime.internal.ConsumerLoop;
import io.vouch.runtime.internal.Dispatcher;
import io.vouch.runtime.internal.OffsetTracker;
import io.vouch.runtime.internal.StageMetrics;
import io.vouch.runtime.kafka.BusProducer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Kafka stage: consumes the input topics in a consumer group, hands each {@link SipEvent}-carrying record to the
 * {@link StageHandler}, produces its {@link Outcome}s in order and commits the record's offset only after all of them
 * are acknowledged (at-least-once).
 *
 * <p>Records of one key are handled in offset order; records of different keys concurrently, at most
 * {@link StageConfig#maxInFlight()} at a time; the consumer pauses while that many records are unfinished. Per
 * partition the highest contiguous finished offset is committed. A handler failure is retried with backoff when
 * retriable, otherwise logged, counted and dropped, so a bad record never stalls its partition.
 *
 * <p>The Kafka consumer runs on its own thread (plain client, not the Vert.x wrapper): that gives synchronous
 * commits inside the rebalance callback, so a replica that loses a partition commits exactly what it finished
 * before the next owner starts; the handler and outcome production run on this verticle's event loop.
 *
 * @see io.vouch.proto.SipEvent
 */
public final class StageVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(StageVerticle.class);

    private final StageConfig config;
    private final StageHandler handler;
    private final PartitionStateListener stateListener;
    private final BusProducer sharedProducer;
    private final MeterRegistry registry;
    private final Clock clock;

    private BusProducer producer;
    private StageMetrics metrics;
    private OffsetTracker tracker;
    private Dispatcher dispatcher;
    private ConsumerLoop loop;

    /** A stage with its own producer, no partition-state hook and the system clock. */
    public StageVerticle(StageConfig config, StageHandler handler, MeterRegistry registry) {
        this(config, handler, null, null, registry, Clock.systemUTC());
    }

    private StageVerticle(StageConfig config, StageHandler handler, PartitionStateListener stateListener,
                          BusProducer sharedProducer, MeterRegistry registry, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.stateListener = stateListener;
        this.sharedProducer = sharedProducer;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts a builder for the optional parts: partition-state hook, shared producer, clock. */
    public static Builder builder(StageConfig config, StageHandler handler, MeterRegistry registry) {
        return new Builder(config, handler, registry);
    }

    /** Optional collaborators of a {@link StageVerticle}. */
    public static final class Builder {
        private final StageConfig config;
        private final StageHandler handler;
        private final MeterRegistry registry;
        private PartitionStateListener stateListener;
        private BusProducer producer;
        private Clock clock = Clock.systemUTC();

        private Builder(StageConfig config, StageHandler handler, MeterRegistry registry) {
            this.config = config;
            this.handler = handler;
            this.registry = registry;
        }

        /** Gate newly assigned partitions until {@code listener} has loaded their state. */
        public Builder partitionStateListener(PartitionStateListener listener) {
            this.stateListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Produce outcomes with a process-wide producer (not closed by the verticle). */
        public Builder producer(BusProducer shared) {
            this.producer = Objects.requireNonNull(shared, "shared");
            return this;
        }

        /** The clock deadlines are checked against. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        public StageVerticle build() {
            return new StageVerticle(config, handler, stateListener, producer, registry, clock);
        }
    }

    public StageConfig stageConfig() {
        return config;
    }

    @Override
    public Future<?> start() {
        Map<String, Object> props = new LinkedHashMap<>(config.kafka().consumerConfig(config.groupId()));
        // a poll never returns more than the stage may hold in flight
        if (!config.kafka().extra().containsKey("consumer.max.poll.records")) {
            props.put("max.poll.records", Integer.toString(Math.min(500, config.maxInFlight())));
        }
        // client construction loads classes and resolves addresses: keep it off the event loop
        return vertx.executeBlocking(() -> {
            BusProducer p = sharedProducer != null ? sharedProducer : BusProducer.create(config.kafka(), registry);
            try {
                return new Clients(p, new KafkaConsumer<byte[], byte[]>(props));
            } catch (RuntimeException e) {
                if (sharedProducer == null) {
                    p.close();
                }
                throw new IllegalArgumentException("stage " + config.name() + ": bad Kafka consumer settings: "
                        + e.getMessage(), e);
            }
        }).map(clients -> {
            producer = clients.producer();
            metrics = new StageMetrics(registry, config.name());
            tracker = new OffsetTracker();
            dispatcher = new Dispatcher(context, config, handler, producer, tracker, metrics, clock,
                    () -> loop.onCompleted());
            loop = new ConsumerLoop(config.name(), clients.consumer(), config.inputTopics(), tracker,
                    config.maxInFlight(), config.commitInterval(), config.shutdownDrain(), stateListener != null,
                    new LoopEvents(), metrics);
            metrics.gauge("vouch.stage.in.flight", "Records being handled or produced", () -> dispatcher.running());
            metrics.gauge("vouch.stage.unfinished", "Records polled and not yet finished",
                    () -> tracker.outstanding());
            metrics.gauge("vouch.stage.paused", "1 while the consumer is paused for back-pressure",
                    () -> loop.backPressured() ? 1 : 0);
            loop.start();
            LOG.info("Stage {} consuming {} as group {}", config.name(), config.inputTopics(), config.groupId());
            return null;
        });
    }

    private record Clients(BusProducer producer, KafkaConsumer<byte[], byte[]> consumer) {
    }

    @Override
    public Future<?> stop() {
        if (loop == null) {
            return Future.succeededFuture();
        }
        dispatcher.drain();
        Promise<Void> closed = Promise.promise();
        loop.stop().whenComplete((v, err) -> context.runOnContext(x -> closed.complete()));
        return closed.future().compose(v -> {
            dispatcher.halt();
            metrics.close();
            if (sharedProducer == null) {
                return vertx.executeBlocking(() -> {
                    producer.close();
                    return null;
                });
            }
            return Future.succeededFuture();
        });
    }

    /**
     * Up while the consumer thread runs, its last poll succeeded, the group has given it its partitions and their state
     * is loaded; down before that, so readiness does not claim a stage that cannot handle records yet.
     */
    public HealthCheck healthCheck() {
        return () -> {
            ConsumerLoop l = loop;
            if (l == null) {
                return Future.succeededFuture(HealthStatus.down("not started"));
            }
            if (l.ready()) {
                return Future.succeededFuture(HealthStatus.up("partitions " + l.assignment().size()));
            }
            if (l.healthy()) {
                return Future.succeededFuture(HealthStatus.down(l.joined()
                        ? "loading state of " + l.loadingPartitions() + " partitions"
                        : "waiting for a partition assignment from group " + config.groupId()));
            }
            Throwable err = l.lastError();
            return Future.succeededFuture(HealthStatus.down(err == null ? "stopped" : err.toString()));
        };
    }

    /** The input partitions this instance owns, as of its last poll (empty before the first assignment). */
    public Set<TopicPartition> assignment() {
        ConsumerLoop l = loop;
        return l == null ? Set.of() : l.assignment();
    }

    private final class LoopEvents implements ConsumerLoop.Events {
        @Override
        public void onRecords(List<ConsumerLoop.Polled> batch) {
            context.runOnContext(v -> dispatcher.accept(batch));
        }

        @Override
        public void onAssigned(Set<TopicPartition> partitions, long token) {
            if (stateListener != null) {
                context.runOnContext(v -> load(partitions, token, 1));
            }
        }

        private void load(Set<TopicPartition> assigned, long token, int attempt) {
            Set<TopicPartition> owned = tracker.partitions();
            Set<TopicPartition> partitions = assigned.stream().filter(owned::contains).collect(Collectors.toSet());
            if (partitions.isEmpty() || loop == null) {
                return;
            }
            Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
            Future<Void> f;
            try {
                f = stateListener.onAssigned(Set.copyOf(numbers));
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                if (ar.succeeded()) {
                    loop.release(partitions, token);
                } else {
                    long delay = Math.min(config.retryBackoffMax().toMillis(),
                            config.retryBackoff().toMillis() << Math.min(attempt, 16));
                    LOG.warn("Stage {}: loading state of {} failed (attempt {}), retrying in {} ms: {}",
                            config.name(), partitions, attempt, delay, ar.cause().toString());
                    vertx.setTimer(delay, id -> load(partitions, token, attempt + 1));
                }
            });
        }

        @Override
        public void onRevoked(Set<TopicPartition> partitions, boolean lost) {
            if (stateListener != null) {
                Set<Integer> numbers = partitions.stream().map(TopicPartition::partition)
                        .collect(Collectors.toUnmodifiableSet());
                context.runOnContext(v -> stateListener.onRevoked(numbers));
            }
        }
    }
}
