package io.vouch.runtime.internal;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The poll thread of one stage: the only thread touching its Kafka consumer. It registers polled offsets with the
 * {@link OffsetTracker} before handing records over, commits what the tracker allows, pauses every partition while
 * the unfinished count is at the bound (and gated partitions until their state is loaded), and on revocation waits
 * briefly for running work, then commits synchronously.
 */
public final class ConsumerLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long ERROR_BACKOFF_MS = 1000;

    /** What the loop reports; each method is called on the poll thread and must hand off quickly. */
    public interface Events {
        void onRecords(List<Polled> batch);

        /** {@code token} identifies this assignment for {@link ConsumerLoop#release}. */
        void onAssigned(Set<TopicPartition> partitions, long token);

        void onRevoked(Set<TopicPartition> partitions, boolean lost);
    }

    /** A polled record with the epoch of its partition's assignment. */
    public record Polled(ConsumerRecord<byte[], byte[]> record, TopicPartition tp, long epoch) {
    }

    private final String name;
    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final OffsetTracker tracker;
    private final int maxOutstanding;
    private final long commitIntervalMs;
    private final long drainMs;
    private final boolean gateAssigned;
    private final Events events;
    private final StageMetrics metrics;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, Long> gated = new HashMap<>();
    private long gateTokens;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean closing;
    private volatile boolean backPressured;
    private volatile Throwable lastError;
    private volatile Set<TopicPartition> assignment = Set.of();
    /** Set once the group coordinator gave this member its first assignment (possibly empty). */
    private volatile boolean joined;
    /** Assigned partitions whose state is not loaded yet; mirrors {@code gated.size()} for other threads. */
    private volatile int loading;
    private long lastCommitMs;

    public ConsumerLoop(String name, Consumer<byte[], byte[]> consumer, List<String> topics, OffsetTracker tracker,
                        int maxOutstanding, Duration commitInterval, Duration drain, boolean gateAssigned,
                        Events events, StageMetrics metrics) {
        this.name = name;
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.tracker = tracker;
        this.maxOutstanding = maxOutstanding;
        this.commitIntervalMs = commitInterval.toMillis();
        this.drainMs = drain.toMillis();
        this.gateAssigned = gateAssigned;
        this.events = events;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "vouch-stage-" + name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Lets records of {@code partitions} assigned under {@code token} flow (their state is loaded). Any thread. */
    public void release(Set<TopicPartition> partitions, long token) {
        commands.add(() -> {
            partitions.forEach(tp -> gated.remove(tp, token));
            loading = gated.size();
        });
        wake();
    }

    /** Called after a record finished: resumes polling promptly if back-pressure can lift. Any thread. */
    public void onCompleted() {
        if (backPressured && tracker.outstanding() < maxOutstanding) {
            wake();
        }
    }

    private void wake() {
        if (wakePending.compareAndSet(false, true)) {
            consumer.wakeup();
        }
    }

    /** Stops polling, waits for running work (up to the drain time), commits and closes the consumer. */
    public CompletableFuture<Void> stop() {
        running = false;
        wake();
        return stopped;
    }

    /** True while the poll thread runs and its last poll did not fail. */
    public boolean healthy() {
        return running && thread.isAlive() && lastError == null;
    }

    /**
     * True once the group gave this member its partitions and the state of every one of them is loaded: before that,
     * records of this stage wait (after a crash, until the dead incarnation's membership ends).
     */
    public boolean ready() {
        return healthy() && joined && loading == 0;
    }

    /** Whether the first assignment arrived; {@link #loadingPartitions()} tells what is still loading. */
    public boolean joined() {
        return joined;
    }

    /** Assigned partitions whose state is still loading. */
    public int loadingPartitions() {
        return loading;
    }

    public Throwable lastError() {
        return lastError;
    }

    public boolean backPressured() {
        return backPressured;
    }

    /** The partitions assigned to this consumer, as of the last poll. */
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    private void run() {
        try {
            consumer.subscribe(topics, new Rebalance());
            while (running) {
                try {
                    pollOnce();
                    lastError = null;
                } catch (WakeupException e) {
                    wakePending.set(false);
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    lastError = e;
                    LOG.warn("Stage {}: poll failed, retrying in {} ms: {}", name, ERROR_BACKOFF_MS, e.toString());
                    sleep(ERROR_BACKOFF_MS);
                }
            }
        } catch (Throwable t) {
            lastError = t;
            LOG.error("Stage {}: poll loop died", name, t);
        } finally {
            shutdown();
        }
    }

    private void pollOnce() {
        Runnable c;
        while ((c = commands.poll()) != null) {
            c.run();
        }
        applyPause();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        wakePending.set(false);
        assignment = Set.copyOf(consumer.assignment());
        if (!records.isEmpty()) {
            List<Polled> batch = new ArrayList<>(records.count());
            for (ConsumerRecord<byte[], byte[]> r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                long epoch = tracker.register(tp, r.offset());
                if (epoch >= 0) {
                    batch.add(new Polled(r, tp, epoch));
                }
            }
            metrics.received(batch.size());
            events.onRecords(batch);
        }
        long now = System.currentTimeMillis();
        if (now - lastCommitMs >= commitIntervalMs) {
            lastCommitMs = now;
            commitAsync();
            updateLag();
        }
    }

    private void applyPause() {
        Set<TopicPartition> assigned = consumer.assignment();
        backPressured = tracker.outstanding() >= maxOutstanding;
        Set<TopicPartition> desired = new HashSet<>(backPressured ? assigned : gated.keySet());
        desired.retainAll(assigned);
        Set<TopicPartition> paused = consumer.paused();
        List<TopicPartition> toPause = desired.stream().filter(tp -> !paused.contains(tp)).toList();
        List<TopicPartition> toResume = paused.stream().filter(tp -> !desired.contains(tp)).toList();
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }

    private void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.takeCommittable(null);
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, err) -> {
            if (err != null) {
                tracker.commitFailed(offsets);
                metrics.commitFailure();
                LOG.debug("Stage {}: commit failed (retried): {}", name, err.toString());
            }
        });
    }

    private void commitSync(Collection<TopicPartition> tps) {
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.takeCommittable(tps);
        if (offsets.isEmpty()) {
            return;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(5));
                return;
            } catch (WakeupException e) {
                // a wake-up meant for poll() landed here; the commit still has to happen
                wakePending.set(false);
            } catch (RuntimeException e) {
                metrics.commitFailure();
                LOG.warn("Stage {}: commit of {} failed; those records will be redelivered: {}", name, offsets,
                        e.toString());
                return;
            }
        }
    }

    private void updateLag() {
        for (TopicPartition tp : assignment) {
            OptionalLong lag;
            try {
                lag = consumer.currentLag(tp);
            } catch (IllegalStateException e) {
                continue;
            }
            if (lag.isPresent()) {
                metrics.lag(tp, lag.getAsLong() + tracker.outstanding(tp));
            }
        }
    }

    private void shutdown() {
        closing = true;
        try {
            tracker.awaitStarted(null, drainMs);
            commitSync(null);
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Stage {}: consumer close failed: {}", name, e.toString());
        } finally {
            metrics.forget(assignment);
            assignment = Set.of();
            stopped.complete(null);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<TopicPartition> tps = Set.copyOf(partitions);
            tracker.beginRevoke(tps);
            if (!closing) {
                try {
                    tracker.awaitStarted(tps, drainMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            commitSync(tps);
            forget(tps);
            LOG.info("Stage {}: revoked {}", name, tps);
            events.onRevoked(tps, false);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<TopicPartition> tps = Set.copyOf(partitions);
            tracker.beginRevoke(tps);
            forget(tps);
            LOG.warn("Stage {}: lost {} (their unfinished records will be redelivered elsewhere)", name, tps);
            events.onRevoked(tps, true);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                joined = true;
                return;
            }
            Set<TopicPartition> tps = Set.copyOf(partitions);
            tps.forEach(tracker::assign);
            long token = ++gateTokens;
            if (gateAssigned) {
                tps.forEach(tp -> gated.put(tp, token));
                consumer.pause(tps);
                loading = gated.size();
            }
            joined = true;
            LOG.info("Stage {}: assigned {}", name, tps);
            events.onAssigned(tps, token);
        }

        private void forget(Set<TopicPartition> tps) {
            tracker.remove(tps);
            tps.forEach(gated::remove);
            loading = gated.size();
            metrics.forget(tps);
        }
    }
}
