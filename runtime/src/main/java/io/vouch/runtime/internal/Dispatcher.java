package io.vouch.runtime.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vouch.proto.SipEvent;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.RetriableStageException;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.StageHandler;
import io.vouch.runtime.StageRecord;
import io.vouch.runtime.kafka.BusSender;
import io.vouch.runtime.kafka.WarmupRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * The event-loop side of a stage: runs the handler for each polled record, at most {@code maxInFlight} at a time and
 * one at a time per record key (so a key's records are handled in offset order), retries retriable failures with
 * backoff, produces the outcomes strictly in order, and reports each finished record to the {@link OffsetTracker}.
 * Confined to one Vert.x context; not thread-safe.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private record Lane(String topic, int partition, String key) {
    }

    private static final int MAX_SYNC_DEPTH = 16;

    private final Vertx vertx;
    private final Context context;
    private final StageConfig config;
    private final StageHandler handler;
    private final BusSender producer;
    private final OffsetTracker tracker;
    private final StageMetrics metrics;
    private final Clock clock;
    private final Runnable onFinished;
    /** Records waiting behind a running record of the same key; a lane exists while its key is busy. */
    private final Map<Lane, ArrayDeque<ConsumerLoop.Polled>> lanes = new HashMap<>();
    /** Records whose key is free but which wait for a concurrency slot. */
    private final ArrayDeque<ConsumerLoop.Polled> ready = new ArrayDeque<>();
    /** Written on the event loop only; volatile so metric scrapes see a recent value. */
    private volatile int running;
    private boolean draining;
    private boolean halted;
    private int depth;

    public Dispatcher(Context context, StageConfig config, StageHandler handler, BusSender producer,
                      OffsetTracker tracker, StageMetrics metrics, Clock clock, Runnable onFinished) {
        this.vertx = context.owner();
        this.context = context;
        this.config = config;
        this.handler = handler;
        this.producer = producer;
        this.tracker = tracker;
        this.metrics = metrics;
        this.clock = clock;
        this.onFinished = onFinished;
    }

    /** Records being handled or produced right now. */
    public int running() {
        return running;
    }

    /** Takes a polled batch (in partition offset order). */
    public void accept(List<ConsumerLoop.Polled> batch) {
        for (ConsumerLoop.Polled p : batch) {
            if (draining) {
                return;
            }
            Lane lane = laneOf(p);
            if (lane == null) {
                schedule(p);
            } else {
                ArrayDeque<ConsumerLoop.Polled> waiting = lanes.get(lane);
                if (waiting != null) {
                    waiting.add(p);
                } else {
                    lanes.put(lane, new ArrayDeque<>());
                    schedule(p);
                }
            }
        }
    }

    /** Starts nothing new; running records may still finish and produce their outcomes. */
    public void drain() {
        draining = true;
        ready.clear();
        lanes.clear();
    }

    /** After the consumer is closed: abandon whatever still runs (its offsets stay uncommitted). */
    public void halt() {
        drain();
        halted = true;
    }

    private static Lane laneOf(ConsumerLoop.Polled p) {
        byte[] key = p.record().key();
        return key == null ? null : new Lane(p.tp().topic(), p.tp().partition(),
                new String(key, StandardCharsets.UTF_8));
    }

    private void schedule(ConsumerLoop.Polled p) {
        if (running < config.maxInFlight()) {
            start(p);
        } else {
            ready.add(p);
        }
    }

    private void start(ConsumerLoop.Polled p) {
        ConsumerRecord<byte[], byte[]> r = p.record();
        if (!tracker.tryStart(p.tp(), p.epoch(), r.offset())) {
            advance(p);
            return;
        }
        running++;
        long t0 = System.nanoTime();
        StageRecord record;
        try {
            if (r.value() == null) {
                throw new InvalidProtocolBufferException("null value");
            }
            SipEvent event = SipEvent.parseFrom(r.value());
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            record = new StageRecord(r.topic(), r.partition(), r.offset(), key, event, r.timestamp());
            if (WarmupRecords.isWarmup(r.headers())) {
                try {
                    handler.warmUp(record);
                } catch (RuntimeException e) {
                    LOG.debug("Stage {}: warm-up record failed: {}", config.name(), e.toString());
                }
                produce(p, t0, List.of(Outcome.drop(WarmupRecords.DROP_REASON)), 0, 1);
                return;
            }
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("Stage {}: {}-{}@{} is not a SipEvent, dropped: {}", config.name(), r.topic(), r.partition(),
                    r.offset(), e.getMessage());
            produce(p, t0, List.of(Outcome.drop("undecodable")), 0, 1);
            return;
        }
        long deadline = record.event().getDeadlineEpochMillis();
        if (config.dropExpired() && deadline > 0 && deadline < clock.millis()) {
            produce(p, t0, List.of(Outcome.drop("expired")), 0, 1);
            return;
        }
        invoke(p, t0, record, 1);
    }

    private void invoke(ConsumerLoop.Polled p, long t0, StageRecord record, int attempt) {
        if (halted) {
            abandon(p);
            return;
        }
        Future<List<Outcome>> f;
        try {
            f = handler.handle(record);
            if (f == null) {
                f = Future.failedFuture(new NullPointerException("handler returned a null future"));
            }
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        Promise<List<Outcome>> timed = Promise.promise();
        long timer = vertx.setTimer(config.handlerTimeout().toMillis(), id -> timed.tryFail(
                new TimeoutException("handler did not finish within " + config.handlerTimeout().toMillis() + " ms")));
        f.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                timed.tryComplete(ar.result());
            } else {
                timed.tryFail(ar.cause());
            }
        });
        timed.future().onComplete(ar -> {
            if (halted) {
                abandon(p);
            } else if (ar.succeeded()) {
                List<Outcome> outcomes = ar.result() == null ? List.of() : ar.result();
                produce(p, t0, outcomes, 0, 1);
            } else {
                handlerFailed(p, t0, record, attempt, ar.cause());
            }
        });
    }

    private void handlerFailed(ConsumerLoop.Polled p, long t0, StageRecord record, int attempt, Throwable cause) {
        String kind = cause instanceof TimeoutException ? "timeout"
                : cause instanceof RetriableStageException || cause instanceof RetriableException ? "retriable"
                : "fatal";
        metrics.handlerFailure(kind);
        if (!kind.equals("fatal") && attempt < config.maxAttempts()) {
            metrics.retry();
            vertx.setTimer(backoff(attempt), id -> invoke(p, t0, record, attempt + 1));
            return;
        }
        LOG.warn("Stage {}: handler failed on {}-{}@{} (trace {}, attempt {}), record dropped", config.name(),
                record.topic(), record.partition(), record.offset(), record.event().getTraceId(), attempt, cause);
        produce(p, t0, List.of(Outcome.drop(kind.equals("fatal") ? "handler_error" : "handler_" + kind)), 0, 1);
    }

    private long backoff(int attempt) {
        long base = config.retryBackoff().toMillis();
        long max = config.retryBackoffMax().toMillis();
        long exp = Math.min(max, base << Math.min(attempt - 1, 20));
        long jitter = exp / 5;
        return Math.max(1, exp - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1));
    }

    /** Produces outcomes[index..] one after the other, each acknowledged before the next. */
    private void produce(ConsumerLoop.Polled p, long t0, List<Outcome> outcomes, int index, int attempt) {
        if (halted) {
            abandon(p);
            return;
        }
        if (index >= outcomes.size()) {
            finish(p, t0);
            return;
        }
        Outcome o = outcomes.get(index);
        Future<?> sent;
        String type;
        switch (o) {
            case Outcome.Drop d -> {
                metrics.drop(d.reason());
                produce(p, t0, outcomes, index + 1, 1);
                return;
            }
            case Outcome.Reply r -> {
                String topic;
                try {
                    topic = r.topic();
                } catch (IllegalArgumentException e) {
                    LOG.warn("Stage {}: reply names no valid edge ({}), dropped", config.name(), e.getMessage());
                    metrics.drop("bad_reply");
                    produce(p, t0, outcomes, index + 1, 1);
                    return;
                }
                type = "reply";
                sent = producer.send(topic, r.key(), r.reply().toByteArray());
            }
            case Outcome.Forward fw -> {
                type = "forward";
                sent = producer.send(fw.topic(), fw.key(), fw.event().toByteArray());
            }
            case Outcome.Write w -> {
                type = "write";
                sent = producer.send(w.topic(), w.key(), w.value());
            }
        }
        sent.onComplete(ar -> {
            if (ar.succeeded()) {
                metrics.outcome(type);
                produce(p, t0, outcomes, index + 1, 1);
            } else if (attempt < config.maxAttempts() && !halted) {
                metrics.retry();
                vertx.setTimer(backoff(attempt), id -> produce(p, t0, outcomes, index, attempt + 1));
            } else {
                ConsumerRecord<byte[], byte[]> r = p.record();
                LOG.error("Stage {}: could not produce {} outcome for {}-{}@{} after {} attempts; skipping the rest "
                        + "of its outcomes", config.name(), type, r.topic(), r.partition(), r.offset(), attempt,
                        ar.cause());
                metrics.produceFailure();
                metrics.drop("produce_failed");
                finish(p, t0);
            }
        });
    }

    private void finish(ConsumerLoop.Polled p, long t0) {
        running--;
        tracker.complete(p.tp(), p.epoch(), p.record().offset());
        metrics.completed(System.nanoTime() - t0);
        onFinished.run();
        advance(p);
    }

    private void advance(ConsumerLoop.Polled p) {
        // handlers that answer synchronously would otherwise recurse through a whole lane on one stack
        if (depth < MAX_SYNC_DEPTH) {
            depth++;
            try {
                next(p);
            } finally {
                depth--;
            }
        } else {
            context.runOnContext(v -> next(p));
        }
    }

    private void abandon(ConsumerLoop.Polled p) {
        running--;
        tracker.abandon(p.tp(), p.epoch(), p.record().offset());
    }

    /** Frees the record's key lane (starting the next record of that key) and fills free concurrency slots. */
    private void next(ConsumerLoop.Polled done) {
        if (draining) {
            return;
        }
        Lane lane = laneOf(done);
        if (lane != null) {
            ArrayDeque<ConsumerLoop.Polled> waiting = lanes.get(lane);
            if (waiting != null) {
                ConsumerLoop.Polled following = waiting.poll();
                if (following == null) {
                    lanes.remove(lane);
                } else {
                    schedule(following);
                }
            }
        }
        while (running < config.maxInFlight() && !ready.isEmpty()) {
            start(ready.poll());
        }
    }
}
