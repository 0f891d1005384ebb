package io.vouch.edge;

import io.vouch.runtime.config.Config;
import java.lang.management.ManagementFactory;

/**
 * Limits that keep TCP/TLS clients from exhausting the edge (RFC 5626 §4.4 keeps flows long-lived, so these bound
 * what a flow may hold rather than how long it lives).
 *
 * @param maxConnections          {@code edge.stream.max.connections}: open TCP+TLS connections at once; beyond it a new
 *                                connection is closed at once and counted. Default: the process's file-descriptor
 *                                limit minus {@code edge.stream.fd.reserve}
 * @param maxConnectionsPerSource {@code edge.stream.max.connections.per.source}: the same per source IP
 * @param fdReserve               {@code edge.stream.fd.reserve}: descriptors kept for the broker, state and clients
 *                                when the default connection cap is derived (default: a quarter of the limit,
 *                                at least 512)
 * @param messageTimeoutMs        {@code edge.stream.message.timeout.ms}: a message begun on a stream must be complete
 *                                by then, or the connection is closed (0 = off)
 * @param writeQueueMaxBytes      {@code edge.stream.write.queue.max.bytes}: responses queued for a connection beyond
 *                                this stop reading from it until they drain
 * @param writeStallTimeoutMs     {@code edge.stream.write.stall.timeout.ms}: a connection whose queue stays full that
 *                                long is closed
 * @param replyConnectTimeoutMs   {@code edge.stream.reply.connect.timeout.ms}: connecting back to a Via sent-by for a
 *                                response whose connection closed (RFC 3261 §18.2.2) gives up after this
 */
public record StreamGuards(int maxConnections, int maxConnectionsPerSource, int fdReserve, long messageTimeoutMs,
        int writeQueueMaxBytes, long writeStallTimeoutMs, int replyConnectTimeoutMs) {

    public StreamGuards {
        EdgeConfig.require(maxConnections >= 1, "edge.stream.max.connections", maxConnections);
        EdgeConfig.require(maxConnectionsPerSource >= 1, "edge.stream.max.connections.per.source",
                maxConnectionsPerSource);
        EdgeConfig.require(fdReserve >= 0, "edge.stream.fd.reserve", fdReserve);
        EdgeConfig.require(messageTimeoutMs >= 0, "edge.stream.message.timeout.ms", messageTimeoutMs);
        EdgeConfig.require(writeQueueMaxBytes >= 1024, "edge.stream.write.queue.max.bytes", writeQueueMaxBytes);
        EdgeConfig.require(writeStallTimeoutMs > 0, "edge.stream.write.stall.timeout.ms", writeStallTimeoutMs);
        EdgeConfig.require(replyConnectTimeoutMs > 0, "edge.stream.reply.connect.timeout.ms", replyConnectTimeoutMs);
    }

    static StreamGuards from(Config c) {
        long fdLimit = fileDescriptorLimit();
        int reserve = c.optionalInt("edge.stream.fd.reserve").orElse((int) Math.max(512, fdLimit / 4));
        int derived = (int) Math.min(Integer.MAX_VALUE, Math.max(16, fdLimit - reserve));
        return new StreamGuards(
                c.optionalInt("edge.stream.max.connections").orElse(derived),
                c.getInt("edge.stream.max.connections.per.source"),
                reserve,
                c.getLong("edge.stream.message.timeout.ms"),
                c.getInt("edge.stream.write.queue.max.bytes"),
                c.getLong("edge.stream.write.stall.timeout.ms"),
                c.getInt("edge.stream.reply.connect.timeout.ms"));
    }

    /** The process's open-file limit, or 4096 when the platform does not tell. */
    static long fileDescriptorLimit() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            if (max > 0) {
                return max;
            }
        }
        return 4096;
    }
}
