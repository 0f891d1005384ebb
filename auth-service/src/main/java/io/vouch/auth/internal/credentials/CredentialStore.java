package io.vouch.auth.internal.credentials;

import io.vouch.auth.internal.digest.DigestAlgorithm;
import java.util.Optional;

/** Looks up digest credentials (HA1 per algorithm, RFC 7616 §3.4.2) by realm and user, or by userhash (§3.4.4). */
public interface CredentialStore {
    /** The credentials of {@code user} in {@code realm} (realm compared case-insensitively). */
    Optional<UserCredentials> find(String realm, String user);

    /** The credentials whose H(user:realm) under {@code algorithm} is {@code userhash}; empty if unsupported. */
    default Optional<UserCredentials> findByUserhash(String realm, DigestAlgorithm algorithm, String userhash) {
        return Optional.empty();
    }
}
