package io.vouch.identity.internal.passport;

import java.util.Objects;

/** An originating or destination identity in a PASSporT: a canonical telephone number or a URI (RFC 8225 §5.2.1). */
public sealed interface PartyId {

    /** The JSON member name this identity uses: {@code tn} or {@code uri}. */
    String kind();

    /** The value as carried in the claim. */
    String value();

    /** A telephone number in RFC 8224 §8.3 canonical form: digits only, no leading {@code +}. */
    record Tn(String value) implements PartyId {
        public Tn {
            Objects.requireNonNull(value, "value");
            if (value.isEmpty() || value.length() > 15 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("canonical TN must be 1..15 digits: " + value);
            }
        }

        @Override
        public String kind() {
            return "tn";
        }
    }

    /** A URI identity (for example {@code sip:alice@example.com}). */
    record Uri(String value) implements PartyId {
        public Uri {
            Objects.requireNonNull(value, "value");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("empty URI identity");
            }
        }

        @Override
        public String kind() {
            return "uri";
        }
    }
}
