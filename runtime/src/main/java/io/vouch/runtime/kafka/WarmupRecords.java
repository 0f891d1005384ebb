package io.vouch.runtime.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Synthetic records that warm the bus (producer, broker, consumers, stage dispatch) before a process takes traffic:
 * marked by the {@value #HEADER} record header, which every reader in the runtime recognises, so a warm-up record
 * reaches no handler's effects, produces no outcome and is only counted ({@code vouch_stage_drops_total{reason="warmup"}}).
 */
public final class WarmupRecords {
    /** The header that marks a warm-up record; its value is ignored. */
    public static final String HEADER = "vouch-warmup";
    /** The drop reason a stage counts a warm-up record under. */
    public static final String DROP_REASON = "warmup";
    private static final byte[] MARK = "1".getBytes(StandardCharsets.US_ASCII);

    private WarmupRecords() {
    }

    /** A warm-up record for {@code partition} of {@code topic}. */
    public static ProducerRecord<byte[], byte[]> record(String topic, int partition, String key, byte[] value) {
        Headers headers = new RecordHeaders().add(HEADER, MARK);
        return new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value, headers);
    }

    /** Whether a record with these headers is a warm-up record. */
    public static boolean isWarmup(Headers headers) {
        return headers != null && headers.lastHeader(HEADER) != null;
    }
}
