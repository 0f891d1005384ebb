package io.vouch.runtime;

import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.proto.Topics;

import java.util.Objects;

/**
 * What handling a stage record produces. The outcomes of one record are produced in list order, each acknowledged by
 * Kafka before the next is sent (a registrar's binding {@link Write} lands before its 200 {@link Reply}); the
 * record's offset is committed only after all of them are acknowledged.
 */
public sealed interface Outcome {

    /**
     * A response (or request) for the edge owning the flow: produced to
     * {@link Topics#edgeReplies(String) Topics.edgeReplies(reply.getFlow().getEdgeId())}, keyed by the flow id, or by
     * the transaction id for flow-less (UDP) flows.
     */
    record Reply(SipReply reply) implements Outcome {
        public Reply {
            Objects.requireNonNull(reply, "reply");
        }

        /** The edge reply topic; throws {@link IllegalArgumentException} if the flow names no valid edge. */
        public String topic() {
            return Topics.edgeReplies(reply.getFlow().getEdgeId());
        }

        /** The record key: flow id when set, otherwise the transaction id (null when both are empty). */
        public String key() {
            String flow = reply.getFlow().getFlowId();
            if (!flow.isEmpty()) {
                return flow;
            }
            String tx = reply.getTransactionId();
            return tx.isEmpty() ? null : tx;
        }
    }

    /** The event, possibly annotated, handed to the next stage topic under {@code key}. */
    record Forward(String topic, String key, SipEvent event) implements Outcome {
        public Forward {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * A state-topic write: {@code value} under {@code key}, or a tombstone when {@code value} is null. The array is
     * not copied; do not modify it after returning the outcome.
     */
    record Write(String topic, String key, byte[] value) implements Outcome {
        public Write {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Nothing to produce; counted under {@code reason}, which must be a short constant (it becomes a metric tag),
     * e.g. {@code "expired"}, {@code "duplicate"}.
     */
    record Drop(String reason) implements Outcome {
        public Drop {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Outcome reply(SipReply reply) {
        return new Reply(reply);
    }

    static Outcome forward(String topic, String key, SipEvent event) {
        return new Forward(topic, key, event);
    }

    static Outcome write(String topic, String key, byte[] value) {
        return new Write(topic, key, value);
    }

    static Outcome tombstone(String topic, String key) {
        return new Write(topic, key, null);
    }

    static Outcome drop(String reason) {
        return new Drop(reason);
    }
}
