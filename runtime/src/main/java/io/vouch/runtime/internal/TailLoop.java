package io.vouch.runtime.internal;

import io.vouch.runtime.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A group-less reader of some partitions of one topic on its own thread: from the beginning (reporting when it has
 * caught up with the end offsets seen at start) or from the end (reporting once positions are fixed). No offsets
 * are committed. Partitions added to the topic later are not followed.
 */
public final class TailLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TailLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

    /** Receives each polled batch on the loop's thread. */
    @FunctionalInterface
    public interface Sink {
        void onBatch(List<ConsumerRecord<byte[], byte[]>> batch);
    }

    private final String topic;
    private final Set<Integer> wanted;
    private final boolean fromBeginning;
    private final boolean follow;
    private final Sink sink;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final CompletableFuture<Set<Integer>> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param partitions partition numbers to read; empty means all
     * @param follow     keep reading after the start condition; false stops the loop once ready
     */
    public TailLoop(String threadName, KafkaSettings settings, String topic, Set<Integer> partitions,
                    boolean fromBeginning, boolean follow, Sink sink) {
        this.topic = topic;
        this.wanted = Set.copyOf(partitions);
        this.fromBeginning = fromBeginning;
        this.follow = follow;
        this.sink = sink;
        this.consumer = new KafkaConsumer<>(KafkaSettings.asProperties(settings.consumerConfig(null)));
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts reading; the future completes with the partitions read once the start condition holds. */
    public CompletableFuture<Set<Integer>> start() {
        thread.start();
        return ready;
    }

    /** Stops the loop and closes the consumer. */
    public CompletableFuture<Void> close() {
        running = false;
        consumer.wakeup();
        return closed;
    }

    private void run() {
        try {
            List<TopicPartition> tps = partitions();
            consumer.assign(tps);
            Map<TopicPartition, Long> end = Map.of();
            if (fromBeginning) {
                consumer.seekToBeginning(tps);
                end = consumer.endOffsets(tps, METADATA_TIMEOUT);
            } else {
                consumer.seekToEnd(tps);
                tps.forEach(tp -> consumer.position(tp, METADATA_TIMEOUT));
            }
            Set<Integer> numbers = new TreeSet<>();
            tps.forEach(tp -> numbers.add(tp.partition()));
            while (running) {
                if (!ready.isDone() && caughtUp(tps, end)) {
                    ready.complete(Set.copyOf(numbers));
                    if (!follow) {
                        break;
                    }
                }
                try {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                    if (!records.isEmpty()) {
                        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
                        records.forEach(batch::add);
                        sink.onBatch(batch);
                    }
                } catch (WakeupException e) {
                    // close() asked us to stop
                } catch (RuntimeException e) {
                    if (!ready.isDone()) {
                        throw e;
                    }
                    LOG.warn("Reading {} failed, retrying: {}", topic, e.toString());
                    sleep(1000);
                }
            }
        } catch (WakeupException e) {
            ready.completeExceptionally(new IllegalStateException("closed before " + topic + " was read"));
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
        } finally {
            if (!ready.isDone()) {
                ready.completeExceptionally(new IllegalStateException("stopped before " + topic + " was read"));
            }
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            } catch (RuntimeException e) {
                LOG.debug("Closing reader of {}: {}", topic, e.toString());
            }
            closed.complete(null);
        }
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        Set<Integer> existing = new TreeSet<>();
        infos.forEach(pi -> existing.add(pi.partition()));
        if (!existing.containsAll(wanted)) {
            throw new IllegalStateException("topic " + topic + " has partitions " + existing + ", not all of "
                    + wanted);
        }
        List<TopicPartition> out = new ArrayList<>();
        for (int p : existing) {
            if (wanted.isEmpty() || wanted.contains(p)) {
                out.add(new TopicPartition(topic, p));
            }
        }
        return out;
    }

    private boolean caughtUp(List<TopicPartition> tps, Map<TopicPartition, Long> end) {
        for (TopicPartition tp : tps) {
            Long target = end.get(tp);
            if (target != null && consumer.position(tp, METADATA_TIMEOUT) < target) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
