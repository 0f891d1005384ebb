package io.vouch.runtime.testing;

import io.vouch.broker.EmbeddedKafka;
import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.runtime.kafka.TopicAdmin;
import io.vouch.runtime.kafka.TopicSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Test support for every module's integration tests: one embedded KRaft broker per JVM, started lazily in a temporary
 * directory and stopped (and deleted) at JVM exit, plus unique topic and group names and blocking helpers to create
 * topics, produce and read records.
 */
public final class KafkaTestSupport {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);
    private static EmbeddedKafka broker;
    private static Path dir;

    private KafkaTestSupport() {
    }

    /** The shared broker, started on first use. */
    public static synchronized EmbeddedKafka broker() {
        if (broker == null) {
            try {
                dir = Files.createTempDirectory("vouch-kafka-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            broker = EmbeddedKafka.start(dir, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaTestSupport::stop, "vouch-kafka-test-stop"));
        }
        return broker;
    }

    private static synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
            deleteRecursively(dir);
        }
    }

    /** Deletes a directory tree, ignoring what cannot be deleted. */
    public static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: temporary files only
        }
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /**
     * Settings pointing at the shared broker. The system property {@code vouch.test.group.protocol}
     * ({@code classic} or {@code consumer}) selects the consumer group protocol, to run a suite under both.
     */
    public static KafkaSettings settings() {
        KafkaSettings s = KafkaSettings.of(bootstrapServers());
        String protocol = System.getProperty("vouch.test.group.protocol", "");
        return protocol.isBlank() ? s : s.with("consumer.group.protocol", protocol);
    }

    /** A topic name no other test in this JVM (or an earlier run on the same broker) uses. */
    public static String uniqueTopic(String prefix) {
        return clean(prefix) + "." + RUN + "." + SEQ.incrementAndGet();
    }

    /** A consumer group id no other test uses. */
    public static String uniqueGroup(String prefix) {
        return "group-" + clean(prefix) + "-" + RUN + "-" + SEQ.incrementAndGet();
    }

    /** An edge id (valid for {@code Topics.edgeReplies}) no other test uses. */
    public static String uniqueEdgeId(String prefix) {
        return clean(prefix) + "-" + RUN + "-" + SEQ.incrementAndGet();
    }

    private static String clean(String prefix) {
        return prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    }

    /** Creates the topics (if missing) and waits until done. */
    public static void createTopics(List<TopicSpec> specs) {
        try (TopicAdmin admin = TopicAdmin.create(settings())) {
            admin.ensureTopics(specs).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + specs, e);
        }
    }

    /** Creates a delete-policy topic with {@code partitions} partitions and returns its name. */
    public static String createTopic(String name, int partitions) {
        createTopics(List.of(TopicSpec.stream(name, partitions, Duration.ofHours(1))));
        return name;
    }

    /** Produces one record and waits for the acknowledgement. */
    public static void produce(String topic, String key, byte[] value) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
                KafkaSettings.asProperties(settings().producerConfig()))) {
            p.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning until {@code count} records arrived or {@code timeout} passed; returns
     * what arrived (fewer than {@code count} on timeout), in partition-then-offset order of arrival.
     */
    public static List<ConsumerRecord<byte[], byte[]>> read(String topic, int count, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                KafkaSettings.asProperties(settings().consumerConfig(null)))) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic, Duration.ofSeconds(10))) {
                tps.add(new TopicPartition(topic, pi.partition()));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> rs = c.poll(Duration.ofMillis(50));
                rs.forEach(out::add);
            }
        }
        return out;
    }

    /** The record key as a string (null stays null). */
    public static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }
}
