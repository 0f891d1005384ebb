package io.vouch.runtime.kafka;

import io.vertx.core.Future;
import io.vouch.runtime.internal.Futures;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates the topics Vouch needs when they are missing and describes existing ones; never alters or deletes.
 * Futures complete on the caller's Vert.x context when called from one.
 */
public final class TopicAdmin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private final Admin admin;

    private TopicAdmin(Admin admin) {
        this.admin = admin;
    }

    /** An admin over its own Kafka {@link Admin} client; {@link #close()} it. */
    public static TopicAdmin create(KafkaSettings settings) {
        return new TopicAdmin(Admin.create(KafkaSettings.asProperties(settings.adminConfig())));
    }

    /** The underlying Kafka admin client. */
    public Admin admin() {
        return admin;
    }

    /**
     * Creates every topic of {@code specs} that does not exist yet. Existing topics are left as they are (a
     * partition-count mismatch is logged, not fixed); a topic created concurrently by another process counts as
     * success.
     */
    public Future<Void> ensureTopics(List<TopicSpec> specs) {
        if (specs.isEmpty()) {
            return Future.succeededFuture();
        }
        return Futures.from(admin.listTopics().names()).compose(existing -> {
            List<NewTopic> missing = new ArrayList<>();
            List<String> present = new ArrayList<>();
            for (TopicSpec s : specs) {
                if (existing.contains(s.name())) {
                    present.add(s.name());
                } else {
                    Optional<Short> rf = s.replicationFactor() < 0 ? Optional.empty()
                            : Optional.of(s.replicationFactor());
                    missing.add(new NewTopic(s.name(), Optional.of(s.partitions()), rf).configs(s.topicConfigs()));
                }
            }
            Future<Void> created = missing.isEmpty() ? Future.succeededFuture() : create(missing);
            return created.compose(v -> present.isEmpty() ? Future.<Void>succeededFuture() : checkCounts(specs, present));
        });
    }

    private Future<Void> create(List<NewTopic> topics) {
        CreateTopicsResult result = admin.createTopics(topics);
        List<Future<Void>> each = new ArrayList<>();
        result.values().forEach((name, kf) -> each.add(Futures.from(kf).recover(err -> {
            if (err instanceof TopicExistsException) {
                return Future.succeededFuture();
            }
            return Future.failedFuture(new IllegalStateException("cannot create topic " + name + ": " + err, err));
        }).onSuccess(v -> LOG.info("Topic {} ready", name))));
        return Future.all(each).mapEmpty();
    }

    private Future<Void> checkCounts(List<TopicSpec> specs, List<String> present) {
        return describe(present).map(descriptions -> {
            for (TopicSpec s : specs) {
                TopicDescription d = descriptions.get(s.name());
                if (d != null && d.partitions().size() != s.partitions()) {
                    LOG.warn("Topic {} has {} partitions, expected {}; left unchanged", s.name(),
                            d.partitions().size(), s.partitions());
                }
            }
            return null;
        });
    }

    /** Descriptions of existing topics; fails if one does not exist. */
    public Future<Map<String, TopicDescription>> describe(Collection<String> topics) {
        KafkaFuture<Map<String, TopicDescription>> kf = admin.describeTopics(topics).allTopicNames();
        return Futures.from(kf);
    }

    /** The partition count of an existing topic. */
    public Future<Integer> partitionCount(String topic) {
        return describe(List.of(topic)).map(m -> m.get(topic).partitions().size());
    }

    /** The names of all topics (internal ones excluded). */
    public Future<Set<String>> listTopics() {
        return Futures.from(admin.listTopics().names()).map(s -> s.stream().collect(Collectors.toUnmodifiableSet()));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
