package io.vouch.runtime.kafka;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * Synthetic records that warm the bus (producer, broker, consumers, stage dispatch) before a process takes traffic:
 * marked by the {@value #HEADER} record header, which every reader in the runtime recognises, so a warm-up record
 * reaches no handler's effects, produces no outcome and is only counted ({@code vouch_stage_drops_total{reason="warmup"}}).
 */
public final class WarmupRecords {
    /** The header that marks a warm-up record; its value is ignored. */
    public static final String HEADER = "vouch-warmup";
    /** The drop reason a stage counts a warm-up record under. */
    public static final String DROP_REASON = "warmup";
    private static final int WAVE = 500;
    private static final long POLL_MS = 10;
    private static final byte[] MARK = "1".getBytes(StandardCharsets.US_ASCII);

    private WarmupRecords() {
    }

    /** A warm-up record for {@code partition} of {@code topic} (null: by key). */
    public static ProducerRecord<byte[], byte[]> record(String topic, Integer partition, String key, byte[] value) {
        Headers headers = new RecordHeaders().add(HEADER, MARK);
        return new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value, headers);
    }

    /**
     * Sends {@code record.apply(i)} for i in [0, count) through {@code producer}, in waves of {@value #WAVE} each
     * acknowledged before the next, until done or {@code deadlineNanos} ({@link System#nanoTime()}); completes with
     * the number acknowledged. A failed send ends the warm-up early (it is an optimisation, never a start condition).
     */
    public static Future<Integer> send(BusProducer producer, int count, long deadlineNanos,
                                       IntFunction<ProducerRecord<byte[], byte[]>> record) {
        return wave(producer, 0, count, deadlineNanos, record);
    }

    private static Future<Integer> wave(BusProducer producer, int from, int count, long deadlineNanos,
                                        IntFunction<ProducerRecord<byte[], byte[]>> record) {
        if (from >= count || System.nanoTime() - deadlineNanos >= 0) {
            return Future.succeededFuture(from);
        }
        int to = Math.min(count, from + WAVE);
        List<Future<?>> acks = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            acks.add(producer.send(record.apply(i)));
        }
        return Future.all(acks).transform(ar -> ar.succeeded()
                ? wave(producer, to, count, deadlineNanos, record) : Future.succeededFuture(from));
    }

    /**
     * Completes once {@code seen} reaches {@code target} or at {@code deadlineNanos}, checking every
     * {@value #POLL_MS} ms; with the last value seen.
     */
    public static Future<Integer> awaitSeen(Vertx vertx, IntSupplier seen, int target, long deadlineNanos) {
        Promise<Integer> done = Promise.promise();
        check(vertx, seen, target, deadlineNanos, done);
        return done.future();
    }

    private static void check(Vertx vertx, IntSupplier seen, int target, long deadlineNanos, Promise<Integer> done) {
        int n = seen.getAsInt();
        if (n >= target || System.nanoTime() - deadlineNanos >= 0) {
            done.complete(n);
        } else {
            vertx.setTimer(POLL_MS, id -> check(vertx, seen, target, deadlineNanos, done));
        }
    }

    /** Whether a record with these headers is a warm-up record. */
    public static boolean isWarmup(Headers headers) {
        return headers != null && headers.lastHeader(HEADER) != null;
    }
}
