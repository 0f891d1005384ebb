package io.vouch.registrar.internal;

import io.vouch.registrar.Binding;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The result of processing one REGISTER (RFC 3261 §10.3): accepted with the new state, or rejected. */
public sealed interface RegistrationResult {

    /** The {@code outcome} tag of {@code vouch.registrar.registrations}. */
    String tag();

    /**
     * Accepted: {@code state} is the AOR's record after the request (empty when no binding is left, i.e. a
     * tombstone); {@code changed} says it must be written before the 200. {@code bindings} are the current contacts
     * to list in the 200; {@code outbound} asks for {@code Require: outbound} (RFC 5626 §6); {@code expired} counts
     * expired bindings the new state no longer holds.
     */
    record Accepted(Kind kind, Optional<AorRecord> state, boolean changed, List<Binding> bindings, boolean outbound,
                    int expired) implements RegistrationResult {
        public Accepted {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(state, "state");
            bindings = List.copyOf(bindings);
        }

        @Override
        public String tag() {
            return kind.tag;
        }
    }

    /** Rejected with {@code rejection}'s status; {@code detail} becomes the reason phrase, plus extra headers. */
    record Rejected(Rejection rejection, String detail, Map<String, String> headers) implements RegistrationResult {
        public Rejected {
            Objects.requireNonNull(rejection, "rejection");
            Objects.requireNonNull(detail, "detail");
            headers = Map.copyOf(headers);
        }

        static Rejected of(Rejection r, String detail) {
            return new Rejected(r, detail, Map.of());
        }

        @Override
        public String tag() {
            return rejection.tag();
        }
    }

    /** What kind of accepted REGISTER it was. */
    enum Kind {
        /** Bindings added, refreshed or removed. */
        UPDATED("updated"),
        /** No Contact: the current bindings were listed (RFC 3261 §10.3 step 6 / §10.2.3). */
        QUERY("query"),
        /** The same transaction was applied before: answered again from the stored state. */
        REPLAY("replay");

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }
    }
}
