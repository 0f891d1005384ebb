package io.vouch.runtime.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vouch.proto.SipReply;
import io.vouch.proto.Topics;
import io.vouch.runtime.internal.TailLoop;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Follows every partition of a topic from its current end, with no consumer group and no commits: what an edge
 * needs for its own reply topic (replies to transactions it no longer remembers are useless, so nothing is replayed
 * after a restart). {@link #open} completes once the start positions are fixed, so anything produced afterwards is
 * delivered. Records are delivered on the Vert.x context that opened the tail.
 */
public final class TopicTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);

    /** One record as read; {@code warmup} when it carries the {@link WarmupRecords} mark. */
    public record TailRecord(String topic, int partition, long offset, String key, byte[] value, long timestampMs,
                             boolean warmup) {
    }

    private final TailLoop loop;

    private TopicTail(TailLoop loop) {
        this.loop = loop;
    }

    /** Follows {@code topic} from its end; fails if the topic does not exist. */
    public static Future<TopicTail> open(Vertx vertx, KafkaSettings settings, String topic,
                                         Handler<TailRecord> handler) {
        Objects.requireNonNull(handler, "handler");
        Context ctx = vertx.getOrCreateContext();
        TailLoop loop = new TailLoop("vouch-tail-" + topic, settings, topic, Set.of(), false, true,
                batch -> deliver(ctx, batch, handler));
        Promise<TopicTail> p = Promise.promise();
        loop.start().whenComplete((parts, err) -> ctx.runOnContext(v -> {
            if (err != null) {
                loop.close();
                p.fail(err);
            } else {
                p.complete(new TopicTail(loop));
            }
        }));
        return p.future();
    }

    /**
     * Follows the reply topic of edge {@code edgeId} ({@link Topics#edgeReplies(String)}), decoding each record as a
     * {@link SipReply}; undecodable records are logged and skipped, warm-up records ({@link WarmupRecords}) are
     * decoded and handed to {@code warmup} only.
     */
    public static Future<TopicTail> openReplies(Vertx vertx, KafkaSettings settings, String edgeId,
                                                Handler<SipReply> handler, Handler<SipReply> warmup) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(warmup, "warmup");
        return open(vertx, settings, Topics.edgeReplies(edgeId), r -> {
            if (r.value() == null) {
                return;
            }
            try {
                SipReply reply = SipReply.parseFrom(r.value());
                (r.warmup() ? warmup : handler).handle(reply);
            } catch (InvalidProtocolBufferException e) {
                LOG.warn("Skipping undecodable reply {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                        e.getMessage());
            }
        });
    }

    /** As above, with warm-up records skipped. */
    public static Future<TopicTail> openReplies(Vertx vertx, KafkaSettings settings, String edgeId,
                                                Handler<SipReply> handler) {
        return openReplies(vertx, settings, edgeId, handler, r -> { });
    }

    private static void deliver(Context ctx, List<ConsumerRecord<byte[], byte[]>> batch,
                                Handler<TailRecord> handler) {
        ctx.runOnContext(v -> {
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                handler.handle(new TailRecord(r.topic(), r.partition(), r.offset(), key, r.value(), r.timestamp(),
                        WarmupRecords.isWarmup(r.headers())));
            }
        });
    }

    /** Stops following. */
    @Override
    public void close() {
        loop.close();
    }
}
