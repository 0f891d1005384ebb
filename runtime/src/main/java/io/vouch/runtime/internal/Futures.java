package io.vouch.runtime.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.common.KafkaFuture;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Bridges Kafka client futures and callbacks onto the Vert.x context of the caller. */
public final class Futures {
    private Futures() {
    }

    /** A promise whose completion runs on the caller's Vert.x context, if the caller runs on one. */
    public static <T> ContextPromise<T> promise() {
        return new ContextPromise<>(Vertx.currentContext());
    }

    /** Adapts a {@link KafkaFuture}; callbacks run on the caller's context when there is one. */
    public static <T> Future<T> from(KafkaFuture<T> kf) {
        ContextPromise<T> p = promise();
        kf.whenComplete((v, err) -> {
            if (err != null) {
                p.fail(unwrap(err));
            } else {
                p.complete(v);
            }
        });
        return p.future();
    }

    /** Strips the {@link ExecutionException}/{@link CompletionException} wrappers Kafka futures add. */
    public static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof ExecutionException || cur instanceof CompletionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    /** A promise that hops onto a captured context (or completes in place when none was captured). */
    public static final class ContextPromise<T> {
        private final Context context;
        private final Promise<T> promise = Promise.promise();

        ContextPromise(Context context) {
            this.context = context;
        }

        public void complete(T value) {
            if (context == null) {
                promise.tryComplete(value);
            } else {
                context.runOnContext(v -> promise.tryComplete(value));
            }
        }

        public void fail(Throwable t) {
            if (context == null) {
                promise.tryFail(t);
            } else {
                context.runOnContext(v -> promise.tryFail(t));
            }
        }

        public Future<T> future() {
            return promise.future();
        }
    }
}
