package io.vouch.identity.internal.sign;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which customer a telephone number is assigned to, the ownership fact behind SHAKEN full attestation (RFC 8588
 * §4): keyed by canonical TN, materialized from the compacted {@code vouch.tn-assignments} topic.
 */
public interface TnAssignments {
    /** The customer the canonical TN is assigned to. */
    Optional<String> customerOf(String canonicalTn);

    /** A mutable in-memory table (tests, and the store a compacted-topic consumer writes into). */
    static InMemory inMemory() {
        return new InMemory();
    }

    /** A thread-safe map-backed table; a {@code null}/empty customer removes the assignment (a tombstone). */
    final class InMemory implements TnAssignments {
        private final Map<String, String> table = new ConcurrentHashMap<>();

        @Override
        public Optional<String> customerOf(String canonicalTn) {
            return Optional.ofNullable(table.get(canonicalTn));
        }

        public InMemory assign(String canonicalTn, String customer) {
            if (customer == null || customer.isEmpty()) {
                table.remove(canonicalTn);
            } else {
                table.put(canonicalTn, customer);
            }
            return this;
        }

        public int size() {
            return table.size();
        }
    }
}
