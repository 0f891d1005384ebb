package io.vouch.cert.internal;

import java.util.Map;

/** Blocking access to the compacted certificates topic for the operator command. */
public interface CertificateTopic extends AutoCloseable {
    /** Writes {@code value} under {@code key} (null: a tombstone) and waits for the acknowledgement. */
    void write(String key, byte[] value) throws Exception;

    /** Every live key and value, read up to the end offsets taken when the call starts. */
    Map<String, byte[]> readAll() throws Exception;

    @Override
    void close();
}
