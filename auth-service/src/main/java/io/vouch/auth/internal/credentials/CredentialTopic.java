package io.vouch.auth.internal.credentials;

import java.util.List;
import java.util.Map;

/** Where the provisioning command reads and writes {@code vouch.credentials} records (key, value or null). */
public interface CredentialTopic extends AutoCloseable {
    /** Writes the records in order and returns once every one is acknowledged; a null value is a tombstone. */
    void write(List<Map.Entry<String, byte[]>> records) throws Exception;

    /** Every live key and its latest value, read from the beginning to the current end. */
    Map<String, byte[]> readAll() throws Exception;

    @Override
    void close();
}
