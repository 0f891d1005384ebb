package io.vouch.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every metric the edge publishes, named once. Tags are low-cardinality: method, transport, code, reason.
 *
 * <ul>
 *   <li>{@code vouch.edge.requests{method,transport}}: requests received (well-formed)</li>
 *   <li>{@code vouch.edge.responses{code,source}}: responses sent (source: pipeline, edge)</li>
 *   <li>{@code vouch.edge.transaction.duration}: request received → final response sent (histogram)</li>
 *   <li>{@code vouch.edge.malformed{reason,action}}: malformed input answered or dropped</li>
 *   <li>{@code vouch.edge.shed{reason}}: requests answered 503 by the edge (overload, timeout, publish) or dropped
 *       by the rate limiter</li>
 *   <li>{@code vouch.edge.retransmissions{state}}: retransmissions absorbed (in_flight, completed, ack)</li>
 *   <li>{@code vouch.edge.dropped{reason}}: input dropped without an answer</li>
 *   <li>{@code vouch.edge.connections.refused{reason}}: TCP/TLS connections closed on accept (global, per_source)</li>
 *   <li>{@code vouch.edge.connections.closed{reason}}: connections the edge closed (message_timeout, write_stall,
 *       framing)</li>
 *   <li>{@code vouch.edge.reply.reconnects{result}}: new connections opened to a Via sent-by for a response whose
 *       connection had closed (RFC 3261 §18.2.2): sent, failed, unaddressable</li>
 *   <li>{@code vouch.edge.transactions.in.flight}, {@code vouch.edge.connections}: gauges</li>
 *   <li>{@code vouch.edge.udp.readers{transport}}: UDP sockets on the port and how they are read (epoll, nio)</li>
 *   <li>{@code vouch.edge.udp.receive.buffer.bytes}: the receive buffer the kernel granted each UDP socket</li>
 *   <li>{@code vouch.edge.udp.queued}: datagrams read but not yet handled by the edge's event loop</li>
 * </ul>
 */
public final class EdgeMetrics {
    private final MeterRegistry registry;
    private final Timer transactionTimer;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

    public EdgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.transactionTimer = Timer.builder("vouch.edge.transaction.duration")
                .description("Time from receiving a request to sending its final response")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    public void request(String method, String transport) {
        counter("vouch.edge.requests", "Requests received", "method", method(method), "transport", transport)
                .increment();
    }

    public void response(int code, String source) {
        counter("vouch.edge.responses", "Responses sent", "code", Integer.toString(code), "source", source)
                .increment();
    }

    public void transactionCompleted(long nanos) {
        transactionTimer.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void malformed(String reason, boolean answered) {
        counter("vouch.edge.malformed", "Malformed messages", "reason", reason, "action",
                answered ? "answered" : "dropped").increment();
    }

    /** A digest challenge answered at the edge instead of by the auth stage. */
    public void challenged(String method) {
        counter("vouch.edge.challenges", "Digest challenges answered at the edge", "method", method(method)).increment();
    }

    public void shed(String reason) {
        shedCounter(reason).increment();
    }

    /** The shed counter of one reason, for callers that count per datagram and must not build its name each time. */
    public Counter shedCounter(String reason) {
        return counter("vouch.edge.shed", "Requests shed by the edge", "reason", reason);
    }

    public void retransmission(String state) {
        counter("vouch.edge.retransmissions", "Retransmissions absorbed", "state", state).increment();
    }

    public void dropped(String reason) {
        droppedCounter(reason).increment();
    }

    /** The dropped counter of one reason, for callers that count per datagram. */
    public Counter droppedCounter(String reason) {
        return counter("vouch.edge.dropped", "Input dropped without an answer", "reason", reason);
    }

    /** How UDP is read: {@code readers} sockets on the port, read with {@code transport}, each granted a buffer. */
    public void udpListener(String transport, int readers, int receiveBufferBytes) {
        Gauge.builder("vouch.edge.udp.readers", () -> readers).description("UDP sockets on the port, by transport")
                .tag("transport", transport).register(registry);
        Gauge.builder("vouch.edge.udp.receive.buffer.bytes", () -> receiveBufferBytes)
                .description("Receive buffer the kernel granted each UDP socket").register(registry);
    }

    public void connectionRefused(String reason) {
        counter("vouch.edge.connections.refused", "Connections refused on accept", "reason", reason).increment();
    }

    /** A flow with registrations closed and the registrar was told for one AOR. */
    public void flowClosedNotice(String transport) {
        counter("vouch.edge.flow.closed.notices", "Registrar notices that a flow with bindings closed", "transport",
                transport).increment();
    }

    public void connectionClosed(String reason) {
        counter("vouch.edge.connections.closed", "Connections closed by the edge", "reason", reason).increment();
    }

    public void replyReconnect(String result) {
        counter("vouch.edge.reply.reconnects", "Connections opened to send a response", "result", result)
                .increment();
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** A gauge with one tag. */
    public void gauge(String name, String description, String tag, String tagValue, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).tag(tag, tagValue).register(registry);
    }

    /** Unknown methods are counted together so hostile input cannot grow the tag space. */
    private static String method(String m) {
        return switch (m) {
            case "INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER", "SUBSCRIBE", "NOTIFY", "PUBLISH",
                 "MESSAGE", "INFO", "UPDATE", "PRACK", "REFER" -> m;
            default -> "other";
        };
    }

    private Counter counter(String name, String description, String... tags) {
        String id = name + String.join(",", tags);
        return counters.computeIfAbsent(id, k -> Counter.builder(name).description(description).tags(tags)
                .register(registry));
    }
}
