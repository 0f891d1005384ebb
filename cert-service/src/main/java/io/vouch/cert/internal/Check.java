package io.vouch.cert.internal;

import java.util.Objects;

/** The result of checking untrusted input: the accepted value, or the {@link Rejection} to answer with. */
public sealed interface Check<T> {
    record Ok<T>(T value) implements Check<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    record Refused<T>(Rejection rejection) implements Check<T> {
        public Refused {
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    static <T> Check<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Check<T> refused(int status, String reason, String tag) {
        return new Refused<>(Rejection.of(status, reason, tag));
    }
}
