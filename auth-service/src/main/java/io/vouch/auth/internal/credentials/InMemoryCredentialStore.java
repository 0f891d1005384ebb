package io.vouch.auth.internal.credentials;

import io.vouch.auth.internal.digest.DigestAlgorithm;
import io.vouch.proto.Topics;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CredentialStore} materialized in memory from the compacted topic {@code vouch.credentials}
 * (see {@link CredentialRecords}); optionally indexes H(user:realm) for RFC 7616 §3.4.4 userhash look-ups.
 */
public final class InMemoryCredentialStore implements CredentialStore {
    private final Map<String, UserCredentials> byKey = new ConcurrentHashMap<>();
    private final Map<String, String> keyByUserhash = new ConcurrentHashMap<>();
    private final boolean indexUserhash;

    public InMemoryCredentialStore(boolean indexUserhash) {
        this.indexUserhash = indexUserhash;
    }

    /** Applies one record of {@code vouch.credentials} (null value = tombstone); returns what it decoded to. */
    public CredentialRecords.Decoded apply(String key, byte[] value) {
        CredentialRecords.Decoded decoded = CredentialRecords.decode(key, value);
        switch (decoded) {
            case CredentialRecords.Upsert u -> put(u.credentials());
            case CredentialRecords.Delete d -> remove(d.key());
            case CredentialRecords.Rejected r -> { }
        }
        return decoded;
    }

    /** Stores or replaces a user's credentials. */
    public void put(UserCredentials c) {
        String key = Topics.userKey(c.realm(), c.user());
        UserCredentials old = byKey.put(key, c);
        if (old != null) {
            unindex(old);
        }
        if (indexUserhash) {
            c.ha1().keySet().forEach(alg -> keyByUserhash.put(hashKey(c.realm(), alg, c), key));
        }
    }

    /** Removes the credentials stored under a {@code realm/user} key. */
    public void remove(String key) {
        UserCredentials old = byKey.remove(key);
        if (old != null) {
            unindex(old);
        }
    }

    public int size() {
        return byKey.size();
    }

    @Override
    public Optional<UserCredentials> find(String realm, String user) {
        return Optional.ofNullable(byKey.get(Topics.userKey(realm, user)));
    }

    @Override
    public Optional<UserCredentials> findByUserhash(String realm, DigestAlgorithm algorithm, String userhash) {
        if (!indexUserhash) {
            return Optional.empty();
        }
        String key = keyByUserhash.get(realm.toLowerCase(java.util.Locale.ROOT) + "/" + algorithm.base().token()
                + "/" + userhash.toLowerCase(java.util.Locale.ROOT));
        return key == null ? Optional.empty() : Optional.ofNullable(byKey.get(key));
    }

    private void unindex(UserCredentials c) {
        if (indexUserhash) {
            c.ha1().keySet().forEach(alg -> keyByUserhash.remove(hashKey(c.realm(), alg, c)));
        }
    }

    private static String hashKey(String realm, DigestAlgorithm alg, UserCredentials c) {
        return realm.toLowerCase(java.util.Locale.ROOT) + "/" + alg.token() + "/"
                + io.vouch.auth.internal.digest.DigestMath.userhash(alg, c.user(), c.realm());
    }
}
