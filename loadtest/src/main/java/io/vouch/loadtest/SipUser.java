package io.vouch.loadtest;

import java.util.Objects;
import java.util.Optional;

/**
 * One simulated user: digest credentials (RFC 3261 §22.4) and, optionally, the domain of its address of record.
 *
 * @param domain when present, the user's AOR is {@code sip:name@domain}; otherwise the run's domain is used
 */
public record SipUser(String name, String password, Optional<String> domain) {
    public SipUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(domain, "domain");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
    }
}
