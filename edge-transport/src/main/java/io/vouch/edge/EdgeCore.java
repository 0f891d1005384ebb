package io.vouch.edge;

import com.google.protobuf.ByteString;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vouch.edge.internal.ClientTransactions;
import io.vouch.edge.internal.DatagramGate;
import io.vouch.edge.internal.FloodAdmission;
import io.vouch.edge.internal.EdgeChallenger;
import io.vouch.edge.internal.FlowRegistrations;
import io.vouch.edge.internal.OverloadControl;
import io.vouch.edge.internal.Router;
import io.vouch.edge.internal.TokenBucketLimiter;
import io.vouch.edge.internal.TransactionKeys;
import io.vouch.edge.internal.TransactionTable;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.proto.Transport;
import io.vouch.seal.KeyMaterialSealer;
import io.vouch.seal.SealKeys;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipIds;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import io.vouch.sip.Via;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The transport-independent heart of an edge: admits, validates and classifies SIP input, absorbs retransmissions
 * (RFC 3261 §17.2), publishes requests to their first stage and sends the pipeline's replies back on the flow the
 * request came in on. Requests with no answer in time, or beyond the in-flight bound, get {@code 503} with
 * {@code Retry-After} from the edge itself.
 *
 * <p>Not thread-safe: every method runs on the edge verticle's event loop.
 */
public final class EdgeCore {

    /** Publishes an encoded {@link SipEvent} to a stage topic; the future completes when Kafka acknowledged it. */
    @FunctionalInterface
    public interface Publisher {
        Future<?> publish(String topic, String key, byte[] event);
    }

    /** Sends bytes to the peer of a flow (UDP address, or the TCP/TLS connection named by the flow id). */
    @FunctionalInterface
    public interface FlowSender {
        /** Returns false when the flow is gone (connection closed) and nothing was sent. */
        boolean send(Flow flow, byte[] bytes);
    }

    /** One-shot timers on the owning event loop. */
    public interface Timers {
        long set(long delayMs, Runnable task);

        void cancel(long id);
    }

    private record Pending(SipRequest request, Flow replyFlow, String traceId, long timerId, String toTag,
            String topic) {
    }

    /** An INVITE that gets {@code 100 Trying} at {@code dueNanos} if it is still in the pipeline then. */
    private record TryingDue(String key, long dueNanos) {
    }

    private final EdgeConfig config;
    private final EdgeMetrics metrics;
    private final Publisher publisher;
    private final FlowSender sender;
    private final Timers timers;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final Router router;
    private final SipMessageDecoder decoder;
    private final SipMessageEncoder encoder = new SipMessageEncoder();
    private final TransactionTable<Pending> table;
    private final TokenBucketLimiter<String> limiter;
    private final FloodAdmission<InetAddress> flood;
    private final DatagramGate gate;
    private final long keepCompletedNanos;
    private final ClientTransactions clients;
    private final KeyMaterialSealer sealer;
    private final Optional<EdgeChallenger> challenger;
    private final FlowRegistrations registrations;
    private final long inviteTryingNanos;
    private final OverloadControl overload;
    /** INVITEs in due order (one delay for all), checked by one timer at a time rather than a timer each. */
    private final ArrayDeque<TryingDue> tryingDue = new ArrayDeque<>();
    private boolean tryingTimerSet;
    private java.util.function.Predicate<String> flowOpen = id -> false;

    public EdgeCore(EdgeConfig config, EdgeMetrics metrics, Publisher publisher, FlowSender sender, Timers timers,
            LongSupplier nanoTime, Clock clock, SipMessageDecoder decoder) {
        this(config, metrics, publisher, sender, timers, nanoTime, clock, decoder,
                new KeyMaterialSealer(SealKeys.ephemeral(), new SecureRandom()));
    }

    /** As above, with the sealer that keeps SDES/MIKEY key material off the bus in clear. */
    public EdgeCore(EdgeConfig config, EdgeMetrics metrics, Publisher publisher, FlowSender sender, Timers timers,
            LongSupplier nanoTime, Clock clock, SipMessageDecoder decoder, KeyMaterialSealer sealer) {
        this.sealer = sealer;
        this.config = config;
        this.metrics = metrics;
        this.publisher = publisher;
        this.sender = sender;
        this.timers = timers;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.decoder = decoder;
        this.router = new Router(config);
        this.challenger = config.localChallenge().map(settings -> new EdgeChallenger(settings, clock));
        this.table = new TransactionTable<>(config.maxInFlight(), config.completedCacheMax());
        this.limiter = new TokenBucketLimiter<>(config.rateLimitPerSecond(), config.rateLimitBurst(), 100_000);
        this.flood = new FloodAdmission<>(config.floodMaxInFlight(), config.floodFairSharePerSecond(),
                config.floodVerifiedTtlSeconds(), config.floodVerifiedMaxSources());
        this.gate = new DatagramGate(config.maxDatagramBytes(), config.udp().queueMax(), config.rateLimitExempt(),
                flood, table::inFlightCount, nanoTime, metrics);
        // RFC 3261 §17.2.1/§17.2.2: Timer H and J run for 64*T1 on unreliable transports; the same window is
        // harmless on reliable ones, where a request is never retransmitted.
        this.keepCompletedNanos = TimeUnit.MILLISECONDS.toNanos(64 * config.timerT1Ms());
        this.inviteTryingNanos = TimeUnit.MILLISECONDS.toNanos(config.inviteTryingMs());
        this.overload = new OverloadControl(TimeUnit.MILLISECONDS.toNanos(config.overloadTargetMs()),
                TimeUnit.MILLISECONDS.toNanos(config.overloadIntervalMs()), () -> ThreadLocalRandom.current().nextDouble(),
                (topic, share) -> metrics.gauge("vouch.edge.overload.refused", "Share of new requests to a pipeline "
                        + "topic answered 503 at once because its replies show a standing queue", "topic", topic,
                        share::getAsDouble));
        this.registrations = new FlowRegistrations(config.ws().maxAorsPerFlow());
        this.clients = new ClientTransactions(config.timerT1Ms(), config.maxInFlight(), sender, timers, publisher,
                clock);
        metrics.gauge("vouch.edge.transactions.in.flight", "Requests waiting for the pipeline", table::inFlightCount);
        metrics.gauge("vouch.edge.transactions.completed", "Final responses kept for retransmissions",
                table::completedCount);
    }

    /**
     * Lets the edge remember registrations per connection: {@code isOpen} says whether a flow id names an open
     * connection, which then reports its close through {@link #onFlowClosed}. Without it nothing is remembered.
     */
    public void trackFlows(java.util.function.Predicate<String> isOpen) {
        this.flowOpen = java.util.Objects.requireNonNull(isOpen, "isOpen");
    }

    /**
     * A connection-oriented flow (TCP, TLS, WS, WSS) has closed: for every AOR registered over it, tells the
     * registrar (an event with {@code flow_closed} set and no SIP message, on its stage topic under the AOR's key) so that the
     * bindings relying on the flow are removed at once rather than when they expire (RFC 5626 §5.3, RFC 7118 §5).
     */
    public void onFlowClosed(Flow flow) {
        for (String aor : registrations.closed(flow.getFlowId())) {
            SipEvent event = SipEvent.newBuilder()
                    .setFlow(flow)
                    .setReceivedAtEpochMicros(clock.millis() * 1000)
                    .setTraceId(newTraceId())
                    .setFlowClosed(true)
                    .build();
            metrics.flowClosedNotice(transport(flow));
            publisher.publish(io.vouch.proto.Topics.REGISTRAR, aor, event.toByteArray())
                    .onFailure(err -> metrics.dropped("flow_closed_notice_failed"));
        }
    }

    /** Admission control before decoding: false when the per-source token bucket is empty (drop and count). */
    public boolean admit(Flow flow) {
        if (config.rateLimitExempt().contains(flow.getRemoteHost())) {
            return true;
        }
        if (limiter.tryAcquire(flow.getRemoteHost(), nanoTime.getAsLong())) {
            return true;
        }
        metrics.shed("rate_limit");
        return false;
    }

    /**
     * What each UDP reader asks, on its own thread, before it copies and {@link #decodeDatagram decodes} a datagram
     * and hands it to {@link #onDecodedDatagram}: the size limit, flood admission and the bound on datagrams waiting.
     */
    public DatagramGate datagramGate() {
        return gate;
    }

    /**
     * Handles one datagram read on this event loop as the UDP readers handle theirs: the {@link #datagramGate() gate},
     * decoding, then {@link #onDecodedDatagram}.
     */
    public void onDatagram(Flow flow, byte[] bytes) {
        if (gate.admit(address(flow.getRemoteHost()), bytes.length)) {
            onDecodedDatagram(flow, decodeDatagram(bytes));
        }
    }

    /**
     * Decodes a datagram the {@link #datagramGate() gate} admitted; thread-safe, so the UDP readers decode on their
     * own threads and the event loop only gets {@link #onDecodedDatagram} (decoding is the largest part of a
     * datagram's cost, and the event loop is one thread for the whole edge).
     */
    public DecodeResult decodeDatagram(byte[] bytes) {
        return decoder.decode(bytes);
    }

    /** Handles a datagram the gate admitted and a reader decoded: the per-source rate limit, then the result. */
    public void onDecodedDatagram(Flow flow, DecodeResult result) {
        gate.handled();
        if (admit(flow)) {
            onDecoded(flow, result);
        }
    }

    private static final InetAddress UNKNOWN = NetUtil.createInetAddressFromIpAddressString("0.0.0.0");

    /** The address a flow's remote host names (always a literal: the edge writes it from the socket). */
    private static InetAddress address(String host) {
        InetAddress a = NetUtil.createInetAddressFromIpAddressString(host);
        return a == null ? UNKNOWN : a;
    }

    /** Handles one decode result from a datagram or a stream. */
    public void onDecoded(Flow flow, DecodeResult result) {
        switch (result) {
            case DecodeResult.Parsed p -> {
                if (p.message() instanceof SipRequest r) {
                    onRequest(flow, r);
                } else if (!clients.onResponse(flow, (SipResponse) p.message())) {
                    metrics.dropped("unexpected_response"); // no client transaction of this edge expects it
                }
            }
            case DecodeResult.Malformed m -> onMalformed(flow, m);
            case DecodeResult.Incomplete i -> { }
            case DecodeResult.KeepAlive k -> { }
        }
    }

    private void onMalformed(Flow flow, DecodeResult.Malformed m) {
        Optional<SipResponse.Builder> response = SipResponse.forMalformed(m);
        if (response.isEmpty() || m.method().map(x -> x.equals("ACK")).orElse(false)) {
            metrics.malformed(m.reason(), false);
            return;
        }
        metrics.malformed(m.reason(), true);
        sendEdgeResponse(flow, response.get().build());
    }

    private void onRequest(Flow flow, SipRequest r) {
        metrics.request(r.method(), transport(flow));
        String source = flow.getRemoteHost() + ":" + flow.getRemotePort();
        long now = nanoTime.getAsLong();
        switch (r.method()) {
            case "ACK" -> {
                onAck(r, source, now);
                return;
            }
            case "CANCEL" -> {
                onCancel(flow, r, source, now);
                return;
            }
            default -> { }
        }
        String key = TransactionKeys.of(r, source);
        Optional<TransactionTable.State<Pending>> state = table.lookup(key, now);
        if (state.isPresent()) {
            absorb(flow, r, state.get());
            return;
        }
        Flow replyFlow = replyFlow(flow, r.topVia());
        // Every response, the edge's own included, carries received/rport (RFC 3581 §4).
        SipRequest stamped = stampVia(r, flow);
        switch (router.route(r, isTrusted(flow))) {
            case Router.Respond d -> {
                SipResponse.Builder b = SipResponse.forRequest(stamped, d.status(), d.reason());
                d.headers().forEach(h -> b.header(h[0], h[1]));
                sendEdgeResponse(replyFlow, b.build());
            }
            case Router.Publish p -> {
                Optional<EdgeChallenger.Answer> challenge = challenger.flatMap(c ->
                        c.challenge(stamped, flow.getPeerIdentity(), p.topic()));
                if (challenge.isPresent()) {
                    // stateless: the auth stage accepts this nonce, so only requests with credentials cross the bus
                    EdgeChallenger.Answer a = challenge.get();
                    SipResponse.Builder b = SipResponse.forRequest(stamped, a.status(), a.reason());
                    a.values().forEach(v -> b.header(a.header(), v));
                    metrics.challenged(stamped.method());
                    // remembered like any final response: a retransmission gets the same challenge, not a new nonce
                    byte[] bytes = encoder.encode(b.build());
                    table.remember(key, bytes, a.status(), now, keepCompletedNanos);
                    sendEdgeResponse(replyFlow, bytes, a.status());
                } else {
                    publish(flow, replyFlow, stamped, key, p, now);
                }
            }
        }
    }

    private void publish(Flow flow, Flow replyFlow, SipRequest stamped, String key, Router.Publish p, long now) {
        String shed = !table.hasCapacity() ? "overload" : !overload.admit(p.topic(), now) ? "pipeline_delay" : null;
        if (shed != null) {
            metrics.shed(shed);
            sendEdgeResponse(replyFlow, serviceUnavailable(stamped, "Overloaded", SipIds.newTag()));
            return;
        }
        String traceId = newTraceId();
        String toTag = SipIds.newTag();
        long timerId = timers.set(config.pipelineTimeoutMs(), () -> onPipelineTimeout(key));
        table.begin(key, new Pending(stamped, replyFlow, traceId, timerId, toTag, p.topic()), now);
        if (stamped.method().equals("INVITE")) {
            tryingLater(key, stamped, replyFlow, now);
        }
        long epochMs = clock.millis();
        // keys never rest on the bus in clear: SDES/MIKEY material travels sealed beside the redacted message
        KeyMaterialSealer.Sealed sealed = sealer.seal(encoder.encode(stamped));
        SipEvent.Builder eb = SipEvent.newBuilder();
        sealed.secrets().ifPresent(eb::setSealedSecrets);
        SipEvent event = eb
                .setSip(ByteString.copyFrom(sealed.sip()))
                .setFlow(flow)
                .setReceivedAtEpochMicros(epochMs * 1000)
                .setTraceId(traceId)
                .setTransactionId(key)
                .setDeadlineEpochMillis(epochMs + config.pipelineTimeoutMs())
                .build();
        publisher.publish(p.topic(), p.key(), event.toByteArray()).onFailure(err -> {
            if (table.lookup(key, nanoTime.getAsLong()).orElse(null) instanceof TransactionTable.InFlight<Pending>) {
                metrics.shed("publish_failed");
                finishAtEdge(key, serviceUnavailable(stamped, "Pipeline Unavailable", toTag));
            }
        });
    }

    /** A reply produced by a service for a transaction this edge owns. */
    public void onReply(SipReply reply) {
        if (!reply.getResponseTopic().isEmpty()) {
            // a request a service wants sent (e.g. NOTIFY): run it as a client transaction
            if (!clients.start(reply)) {
                metrics.dropped("bad_client_request");
            }
            return;
        }
        long now = nanoTime.getAsLong();
        String key = reply.getTransactionId();
        if (!(table.lookup(key, now).orElse(null) instanceof TransactionTable.InFlight<Pending> inFlight)) {
            metrics.dropped("late_reply"); // already answered (503 on timeout, 487 after CANCEL) or unknown
            return;
        }
        byte[] bytes = reply.getSip().toByteArray();
        int status = reply.getStatus();
        if (status < 100 || status > 699) {
            metrics.dropped("bad_reply");
            return;
        }
        Pending pending = inFlight.context();
        // the edge's state first: the client may answer the response at once (a retransmission, its next request),
        // and that must find the transaction completed and a registered source verified
        if (status >= 200) {
            timers.cancel(pending.timerId());
            table.complete(key, bytes, status, now, keepCompletedNanos);
            metrics.transactionCompleted(now - inFlight.startedNanos());
            overload.replied(pending.topic(), now - inFlight.startedNanos(), now);
        }
        boolean registered = status >= 200 && status < 300 && pending.request().method().equals("REGISTER");
        if (registered) {
            flood.verified(address(pending.replyFlow().getRemoteHost()), now);
        }
        boolean sent = sender.send(pending.replyFlow(), bytes);
        if (!sent) {
            metrics.dropped("flow_closed");
        }
        metrics.response(status, "pipeline");
        if (registered && sent && flowOpen.test(pending.replyFlow().getFlowId())) {
            registrations.registered(pending.replyFlow(), pending.request());
        }
    }

    private void absorb(Flow flow, SipRequest r, TransactionTable.State<Pending> state) {
        switch (state) {
            case TransactionTable.InFlight<Pending> f -> {
                metrics.retransmission("in_flight");
                if (r.method().equals("INVITE")) {
                    // RFC 3261 §17.2.1: a retransmitted INVITE is answered with the most recent provisional.
                    sendTrying(f.context().replyFlow(), f.context().request());
                }
            }
            case TransactionTable.Completed<Pending> c -> {
                metrics.retransmission("completed");
                sender.send(replyFlow(flow, r.topVia()), c.response());
            }
        }
    }

    /**
     * RFC 3261 §17.2.1: the server transaction sends {@code 100 Trying} unless the TU answers within 200 ms. The
     * pipeline usually does; an INVITE still in flight after {@code edge.invite.trying.ms} gets one, so that under
     * load the client stops retransmitting (Timer A) instead of adding datagrams to a backlog.
     */
    private void tryingLater(String key, SipRequest invite, Flow replyFlow, long now) {
        if (inviteTryingNanos == 0) {
            sendTrying(replyFlow, invite);
            return;
        }
        tryingDue.addLast(new TryingDue(key, now + inviteTryingNanos));
        if (!tryingTimerSet) {
            tryingTimerSet = true;
            timers.set(config.inviteTryingMs(), this::onTryingDue);
        }
    }

    private void onTryingDue() {
        tryingTimerSet = false;
        long now = nanoTime.getAsLong();
        TryingDue d;
        while ((d = tryingDue.peekFirst()) != null && d.dueNanos() - now <= 0) {
            tryingDue.pollFirst();
            if (table.lookup(d.key(), now).orElse(null) instanceof TransactionTable.InFlight<Pending> f) {
                sendTrying(f.context().replyFlow(), f.context().request());
            }
        }
        if (d != null) {
            // a Trying a few ms late changes nothing, while a timer per millisecond at thousands of INVITEs/s costs
            // a wake-up each: the timer re-arms at most every 20 ms (or the Trying delay, if shorter)
            long dueMs = TimeUnit.NANOSECONDS.toMillis(d.dueNanos() - now + 999_999);
            tryingTimerSet = true;
            timers.set(Math.max(dueMs, Math.min(20, config.inviteTryingMs())), this::onTryingDue);
        }
    }

    private void sendTrying(Flow replyFlow, SipRequest invite) {
        sendEdgeResponse(replyFlow, SipResponse.forRequest(invite, 100, "Trying").build());
    }

    private void onAck(SipRequest ack, String source, long now) {
        // RFC 3261 §17.2.1: an ACK for a non-2xx final response ends the INVITE server transaction; the edge never
        // sends 2xx to INVITE, so any other ACK has no transaction here.
        if (table.lookup(TransactionKeys.matching(ack, source), now).isPresent()) {
            metrics.retransmission("ack");
        } else {
            metrics.dropped("ack_without_transaction");
        }
    }

    private void onCancel(Flow flow, SipRequest cancel, String source, long now) {
        String inviteKey = TransactionKeys.matching(cancel, source);
        Flow replyFlow = replyFlow(flow, cancel.topVia());
        cancel = stampVia(cancel, flow);
        switch (table.lookup(inviteKey, now).orElse(null)) {
            case TransactionTable.InFlight<Pending> f -> {
                // RFC 3261 §9.2: 200 to the CANCEL, then 487 to the INVITE, both with the INVITE's To tag.
                sendEdgeResponse(replyFlow, SipResponse.forRequest(cancel, 200, "OK", f.context().toTag()).build());
                finishAtEdge(inviteKey, SipResponse.forRequest(f.context().request(), 487, "Request Terminated",
                        f.context().toTag()).build());
            }
            case TransactionTable.Completed<Pending> c ->
                    sendEdgeResponse(replyFlow, SipResponse.forRequest(cancel, 200, "OK").build());
            case null -> sendEdgeResponse(replyFlow,
                    SipResponse.forRequest(cancel, 481, "Call/Transaction Does Not Exist").build());
        }
    }

    private void onPipelineTimeout(String key) {
        long now = nanoTime.getAsLong();
        if (table.lookup(key, now).orElse(null) instanceof TransactionTable.InFlight<Pending> f) {
            metrics.shed("timeout");
            overload.replied(f.context().topic(), now - f.startedNanos(), now);
            finishAtEdge(key, serviceUnavailable(f.context().request(), "Pipeline Timeout", f.context().toTag()));
        }
    }

    private void finishAtEdge(String key, SipResponse response) {
        long now = nanoTime.getAsLong();
        byte[] bytes = encoder.encode(response);
        table.complete(key, bytes, response.status(), now, keepCompletedNanos).ifPresent(f -> {
            timers.cancel(f.context().timerId());
            sender.send(f.context().replyFlow(), bytes);
            metrics.response(response.status(), "edge");
            metrics.transactionCompleted(now - f.startedNanos());
        });
    }

    private void sendEdgeResponse(Flow flow, SipResponse response) {
        sendEdgeResponse(flow, encoder.encode(response), response.status());
    }

    private void sendEdgeResponse(Flow flow, byte[] bytes, int status) {
        if (sender.send(flow, bytes)) {
            metrics.response(status, "edge");
        } else {
            metrics.dropped("flow_closed");
        }
    }

    private SipResponse serviceUnavailable(SipRequest r, String reason, String toTag) {
        return SipResponse.forRequest(r, 503, reason, toTag)
                .header("Retry-After", Integer.toString(config.retryAfterSeconds()))
                .build();
    }

    /**
     * RFC 3261 §18.2.1 and RFC 3581 §4: records where the request really came from in the top Via, so that every
     * stage's response carries it.
     */
    private static SipRequest stampVia(SipRequest r, Flow flow) {
        Via top = r.topVia();
        Via stamped = top;
        if (!top.host().equals(flow.getRemoteHost()) || top.hasRport()) {
            stamped = stamped.withReceived(flow.getRemoteHost());
        }
        if (top.hasRport()) {
            stamped = stamped.withRport(flow.getRemotePort());
        }
        if (stamped == top) {
            return r;
        }
        return r.withTopVia(stamped);
    }

    /**
     * Where responses go (RFC 3261 §18.2.2, RFC 3581 §4): streams answer on the connection; datagrams go to the
     * source address, at the source port when rport was asked for, else at the Via's sent-by port.
     */
    private static Flow replyFlow(Flow flow, Via via) {
        if (flow.getTransport() != Transport.UDP || via.hasRport()) {
            return flow;
        }
        int port = via.port() > 0 ? via.port() : 5060;
        return port == flow.getRemotePort() ? flow : flow.toBuilder().setRemotePort(port).build();
    }

    private boolean isTrusted(Flow flow) {
        return !flow.getPeerIdentity().isEmpty() || config.trustedSources().contains(flow.getRemoteHost());
    }

    private static String transport(Flow flow) {
        return flow.getTransport().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String newTraceId() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(rnd.nextLong()) + HexFormat.of().toHexDigits(rnd.nextLong());
    }

    /** For tests and health: transactions waiting for the pipeline. */
    public int inFlight() {
        return table.inFlightCount();
    }

}
