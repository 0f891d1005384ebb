package io.vouch.auth.internal.credentials;

import io.vouch.proto.Topics;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link CredentialStore} over a materialized {@code vouch.credentials} table (e.g. the runtime's compacted-topic
 * table): looks the raw record up by {@code realm/user} and decodes it on each call, so the secrets are held once.
 * Records that do not decode are treated as absent (the user then fails like an unknown user).
 */
public final class TableCredentialStore implements CredentialStore {
    private final Function<String, Optional<byte[]>> lookup;

    /** @param lookup the current value of a record key, e.g. {@code table::get} */
    public TableCredentialStore(Function<String, Optional<byte[]>> lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    @Override
    public Optional<UserCredentials> find(String realm, String user) {
        String key = Topics.userKey(realm, user);
        return lookup.apply(key).flatMap(bytes -> switch (CredentialRecords.decode(key, bytes)) {
            case CredentialRecords.Upsert u -> Optional.of(u.credentials());
            case CredentialRecords.Delete d -> Optional.<UserCredentials>empty();
            case CredentialRecords.Rejected r -> Optional.<UserCredentials>empty();
        });
    }
}
