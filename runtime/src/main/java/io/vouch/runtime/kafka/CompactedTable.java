package io.vouch.runtime.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vouch.runtime.internal.TailLoop;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A compacted topic (or some of its partitions) materialized in memory, like a Kafka Streams KTable: the latest value
 * per key; a tombstone removes the key; records with no key are ignored. {@link #open} completes once everything up
 * to the end offsets seen at start has been read. Reads are thread-safe; change listeners run on the Vert.x context
 * that opened the table.
 *
 * <p>{@link Mode#FOLLOW} keeps applying later records (readers of state others write). {@link Mode#LOAD_ONLY} stops
 * reading after the load: for the single owner of a partition's state, which applies its own writes with
 * {@link #put} (an echo of an older write can then never overwrite a newer local value).
 */
public final class CompactedTable implements AutoCloseable {

    /** Whether the table keeps following the topic after the initial load. */
    public enum Mode { FOLLOW, LOAD_ONLY }

    /** A key changed: {@code value} is the new value, or null when the key was removed. */
    @FunctionalInterface
    public interface ChangeListener {
        void onChange(String key, byte[] value);
    }

    private final String topic;
    private final Context context;
    private final Map<String, byte[]> values = new ConcurrentHashMap<>();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Set<Integer> partitions = Set.of();
    private TailLoop loop;

    private CompactedTable(String topic, Context context) {
        this.topic = topic;
        this.context = context;
    }

    /** Opens and follows {@code topic}'s {@code partitions} (empty set: all partitions). */
    public static Future<CompactedTable> open(Vertx vertx, KafkaSettings settings, String topic,
                                              Set<Integer> partitions) {
        return open(vertx, settings, topic, partitions, Mode.FOLLOW);
    }

    /** Opens {@code topic}'s {@code partitions} (empty set: all) in the given mode; fails if the topic is missing. */
    public static Future<CompactedTable> open(Vertx vertx, KafkaSettings settings, String topic,
                                              Set<Integer> partitions, Mode mode) {
        Objects.requireNonNull(topic, "topic");
        Context ctx = vertx.getOrCreateContext();
        CompactedTable table = new CompactedTable(topic, ctx);
        table.loop = new TailLoop("vouch-table-" + topic, settings, topic, partitions, true,
                mode == Mode.FOLLOW, table::apply);
        Promise<CompactedTable> p = Promise.promise();
        table.loop.start().whenComplete((parts, err) -> ctx.runOnContext(v -> {
            if (err != null) {
                table.loop.close();
                p.fail(err);
            } else {
                table.partitions = parts;
                p.complete(table);
            }
        }));
        return p.future();
    }

    private void apply(List<ConsumerRecord<byte[], byte[]>> batch) {
        List<Map.Entry<String, byte[]>> changes = listeners.isEmpty() ? null : new ArrayList<>(batch.size());
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            String key = CompactedReplay.apply(values, r);
            if (key != null && changes != null) {
                changes.add(new java.util.AbstractMap.SimpleImmutableEntry<>(key, r.value()));
            }
        }
        if (changes != null && !changes.isEmpty()) {
            context.runOnContext(v -> changes.forEach(c -> notifyListeners(c.getKey(), c.getValue())));
        }
    }

    private void notifyListeners(String key, byte[] value) {
        for (ChangeListener l : listeners) {
            l.onChange(key, value);
        }
    }

    public String topic() {
        return topic;
    }

    /** The partitions this table holds. */
    public Set<Integer> partitions() {
        return partitions;
    }

    /** The current value of {@code key}. The array is shared: do not modify it. */
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** An immutable copy of every key and value. */
    public Map<String, byte[]> snapshot() {
        return Map.copyOf(values);
    }

    public int size() {
        return values.size();
    }

    /**
     * Applies a write locally (null removes the key) and notifies listeners; for the owner that also produces the
     * same write to the topic (e.g. as a stage {@code Write} outcome). Call on the table's context.
     */
    public void put(String key, byte[] value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
        notifyListeners(key, value);
    }

    /** Calls {@code listener} for every later change (not for the entries already loaded). */
    public CompactedTable onChange(ChangeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Stops following the topic; the loaded values stay readable. */
    @Override
    public void close() {
        loop.close();
    }
}
