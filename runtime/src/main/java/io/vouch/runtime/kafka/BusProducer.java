package io.vouch.runtime.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vouch.runtime.internal.Futures;
import io.vouch.runtime.internal.NamedThreads;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The process-wide Kafka producer: idempotent, {@code acks=all}, keys as UTF-8 strings, values as bytes.
 *
 * <p>{@link #send} never blocks the caller (the Kafka client may block for topic metadata or buffer space, so calls
 * run on a sender thread); the returned future completes once the broker acknowledged the record, on the caller's
 * Vert.x context when it has one. Records sent from one thread to one topic and key keep their order. Thread-safe;
 * share one per process.
 */
public final class BusProducer implements BusSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BusProducer.class);

    private final Producer<byte[], byte[]> producer;
    /** Sends to topics whose metadata the client has: these do not wait for metadata. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(NamedThreads.daemon("vouch-bus-send"));
    /** First sends to a topic may wait up to {@code max.block.ms} for its metadata; they must not hold up others. */
    private final ExecutorService metadataSender =
            Executors.newSingleThreadExecutor(NamedThreads.daemon("vouch-bus-send-new-topic"));
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> pendingNewTopic = new HashMap<>();
    private final Counter acked;
    private final Counter failed;
    private final Counter expired;
    private final Timer ackLatency;
    private volatile boolean closed;

    private BusProducer(Producer<byte[], byte[]> producer, MeterRegistry registry) {
        this.producer = producer;
        this.acked = Counter.builder("vouch.bus.produced").tag("result", "ok")
                .description("Records acknowledged by Kafka").register(registry);
        this.failed = Counter.builder("vouch.bus.produced").tag("result", "error")
                .description("Records Kafka did not acknowledge").register(registry);
        this.expired = Counter.builder("vouch.bus.produced").tag("result", "expired")
                .description("Records not handed to Kafka because their deadline passed while they waited")
                .register(registry);
        this.ackLatency = Timer.builder("vouch.bus.ack.duration")
                .description("Time from send to broker acknowledgement").register(registry);
    }

    /** A producer with {@link KafkaSettings#producerConfig()}; {@link #close()} it when the process stops. */
    public static BusProducer create(KafkaSettings settings, MeterRegistry registry) {
        return new BusProducer(new KafkaProducer<>(KafkaSettings.asProperties(settings.producerConfig())), registry);
    }

    /** Sends one record; {@code key} may be null (round-robin partition), {@code value} null is a tombstone. */
    @Override
    public Future<RecordMetadata> send(String topic, String key, byte[] value) {
        Objects.requireNonNull(topic, "topic");
        byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return send(new ProducerRecord<>(topic, k, value));
    }

    /**
     * Sends one record that is worthless after {@code deadlineEpochMillis} (the request's pipeline deadline): when it
     * is still waiting for the sender thread at that time (the broker is away, the client blocks), it is dropped and
     * the future fails with {@link DeadlineExpiredException} instead of being delivered late.
     */
    public Future<RecordMetadata> send(String topic, String key, byte[] value, long deadlineEpochMillis) {
        Objects.requireNonNull(topic, "topic");
        byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return send(new ProducerRecord<>(topic, k, value), deadlineEpochMillis);
    }

    /** Sends one prepared record (explicit partition, headers). */
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return send(record, 0);
    }

    private Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, long deadlineEpochMillis) {
        Futures.ContextPromise<RecordMetadata> promise = Futures.promise();
        if (closed) {
            promise.fail(new IllegalStateException("bus producer closed"));
            return promise.future();
        }
        String topic = record.topic();
        boolean known = knownTopics.contains(topic);
        if (!known) {
            synchronized (pendingNewTopic) {
                known = knownTopics.contains(topic);
                if (!known) {
                    pendingNewTopic.merge(topic, 1, Integer::sum);
                }
            }
        }
        long t0 = System.nanoTime();
        boolean viaMetadata = !known;
        try {
            (viaMetadata ? metadataSender : sender).execute(() -> doSend(record, promise, t0, viaMetadata,
                    deadlineEpochMillis));
        } catch (RuntimeException e) {
            promise.fail(e);
        }
        return promise.future();
    }

    private void doSend(ProducerRecord<byte[], byte[]> record, Futures.ContextPromise<RecordMetadata> promise,
                        long t0, boolean viaMetadata, long deadlineEpochMillis) {
        boolean handedOver = false;
        try {
            if (deadlineEpochMillis > 0 && System.currentTimeMillis() >= deadlineEpochMillis) {
                expired.increment();
                promise.fail(new DeadlineExpiredException(record.topic()));
                return;
            }
            producer.send(record, (md, err) -> {
                if (err != null) {
                    failed.increment();
                    if (err instanceof TimeoutException) {
                        knownTopics.remove(record.topic());
                    }
                    promise.fail(err);
                } else {
                    acked.increment();
                    ackLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                    promise.complete(md);
                }
            });
            handedOver = true;
        } catch (RuntimeException e) {
            failed.increment();
            LOG.debug("Send to {} failed: {}", record.topic(), e.toString());
            promise.fail(e);
        } finally {
            if (viaMetadata) {
                synchronized (pendingNewTopic) {
                    int left = pendingNewTopic.merge(record.topic(), -1, Integer::sum);
                    if (left <= 0) {
                        pendingNewTopic.remove(record.topic());
                        // only now may later sends take the fast path without overtaking these
                        if (handedOver) {
                            knownTopics.add(record.topic());
                        }
                    }
                }
            }
        }
    }

    /** A record dropped before it reached Kafka because its deadline had passed. */
    public static final class DeadlineExpiredException extends RuntimeException {
        DeadlineExpiredException(String topic) {
            super("deadline passed before the record to " + topic + " could be sent", null, false, false);
        }
    }

    /** The underlying Kafka producer (for metrics or flush); do not close it directly. */
    public Producer<byte[], byte[]> kafkaProducer() {
        return producer;
    }

    /** Waits for queued sends, then closes the Kafka producer (up to 5 s); idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sender.shutdown();
        metadataSender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
            metadataSender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
