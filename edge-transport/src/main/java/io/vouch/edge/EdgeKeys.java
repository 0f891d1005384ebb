package io.vouch.edge;

import io.vouch.edge.internal.TlsPolicy;
import io.vouch.proto.Topics;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import io.vouch.runtime.config.Validator;
import io.vouch.sip.SipCodecLimits;
import java.util.List;

/** The edge's configuration keys ({@code edge.*}), each declared once; read by {@link EdgeConfig#from}. */
public final class EdgeKeys {
    private EdgeKeys() {
    }

    private static final Validator PORT = Validator.between(-1, 65535);

    /** Keys that never had a name without {@code edge.} (declared with the prefix, or renamed otherwise). */
    private static final java.util.Set<String> NO_OLD_NAME = java.util.Set.of("edge.id", "edge.challenge.local",
            "edge.trusted.peers", "edge.sip.udp.receive.buffer.bytes", "edge.sip.udp.readers", "edge.sip.udp.native",
            "edge.sip.udp.queue.max");

    /** Every {@code edge.*} key; the old names (without {@code edge.}) are aliases for one release. */
    public static final ConfigDef DEF = aliases(ConfigDef.of("edge", "edge.", "Edge transport")
            .define("edge.id", Type.STRING, "edge-1", Validator.matching(Topics.edgeIdPattern(), Topics.edgeIdPattern()),
                    Importance.HIGH, "names this edge's reply topic (vouch.edge.<id>)")
            .define("edge.sip.host", Type.STRING, "127.0.0.1", Importance.HIGH, "address the SIP listeners bind to")
            .define("edge.sip.advertised.host", Type.STRING, null, Importance.MEDIUM,
                    "host this edge calls itself (default edge.sip.host)")
            .define("edge.sip.udp.port", Type.INT, 5060, PORT, Importance.HIGH, "UDP port (-1 disables, 0 any free)")
            .define("edge.sip.tcp.port", Type.INT, 5060, PORT, Importance.HIGH, "TCP port (-1 disables, 0 any free)")
            .define("edge.sip.tls.port", Type.INT, 5061, PORT, Importance.HIGH, "TLS port (-1 disables, 0 any free)")
            .define("edge.sip.domains", Type.LIST, List.of("localhost", "127.0.0.1"), Importance.HIGH,
                    "hosts this edge is authoritative for (OPTIONS/REGISTER targets; others get 404)")
            .define("edge.tls.cert.path", Type.STRING, "", Importance.HIGH,
                    "PEM certificate chain (empty: a development certificate in edge.data.dir)")
            .define("edge.tls.key.path", Type.STRING, "", Importance.HIGH, "PEM PKCS#8 private key")
            .define("edge.tls.client.auth", Type.STRING, "request", Validator.oneOf("none", "request", "required"),
                    Importance.MEDIUM, "client certificates (mutual TLS)")
            .define("edge.tls.trust.path", Type.STRING, "", Importance.MEDIUM,
                    "PEM CA bundle client certificates must chain to")
            .define("edge.tls.handshake.timeout.ms", Type.LONG, 10_000L, Validator.atLeast(1), Importance.LOW,
                    "a TLS handshake not done by then closes the connection")
            .define("edge.tls.cipher.suites", Type.LIST, TlsPolicy.DEFAULT_CIPHER_SUITES, Validator.of(
                    "AEAD suites with ECDHE key exchange or TLS 1.3 suites", v -> !((List<?>) v).isEmpty()
                            && ((List<?>) v).stream().allMatch(x -> TlsPolicy.acceptable(x.toString()))),
                    Importance.LOW, "enabled TLS suites (JSSE names)")
            .define("edge.trusted.peers", Type.MAP, java.util.Map.of(), Importance.MEDIUM,
                    "client certificate CN or SAN = trusted peer name (needs edge.tls.trust.path)")
            .define("edge.trusted.sources", Type.LIST, List.of(), Importance.MEDIUM,
                    "source IPs treated as trusted peers (named source:<ip>); their INVITEs skip auth")
            .define("edge.pipeline.timeout.ms", Type.LONG, 4000L, Validator.atLeast(1), Importance.MEDIUM,
                    "no answer from the pipeline by then: 503")
            .define("edge.retry.after.s", Type.INT, 5, Validator.atLeast(0), Importance.LOW,
                    "Retry-After of the 503s the edge sends")
            .define("edge.max.in.flight", Type.INT, 5_000, Validator.atLeast(1), Importance.MEDIUM,
                    "transactions in the pipeline at once; beyond it 503 (shed)")
            .define("edge.transaction.cache.max", Type.INT, 200_000, Validator.atLeast(0), Importance.LOW,
                    "completed transactions kept for retransmissions")
            .define("edge.timer.t1.ms", Type.LONG, 500L, Validator.atLeast(1), Importance.LOW,
                    "RFC 3261 T1; completed transactions are kept 64*T1")
            .define("edge.invite.trying.ms", Type.LONG, 200L, Validator.atLeast(0), Importance.LOW,
                    "an INVITE still in the pipeline after this long gets 100 Trying (RFC 3261 17.2.1); 0 = at once")
            .define("edge.overload.target.ms", Type.LONG, 2000L, Validator.atLeast(0), Importance.MEDIUM,
                    "when the quickest reply of a pipeline topic over an interval took longer, a growing share of new "
                            + "requests to it is answered 503 at once (0 = off)")
            .define("edge.overload.interval.ms", Type.LONG, 500L, Validator.atLeast(1), Importance.LOW,
                    "the interval of the edge.overload.target.ms measurement")
            .define("edge.rate.limit.per.source.per.s", Type.DOUBLE, 500.0, Validator.atLeast(0), Importance.MEDIUM,
                    "token bucket rate per source IP (0 = off)")
            .define("edge.rate.limit.per.source.burst", Type.DOUBLE, 1000.0, Validator.atLeast(1), Importance.LOW,
                    "token bucket size per source IP")
            .define("edge.rate.limit.exempt.sources", Type.LIST, List.of(), Importance.MEDIUM,
                    "source IPs never rate limited (`vouch run`: loopback)")
            .define("edge.sip.udp.receive.buffer.bytes", Type.INT, 4 * 1024 * 1024, Validator.atLeast(0),
                    Importance.MEDIUM, "kernel receive buffer of each UDP socket (SO_RCVBUF, capped by "
                            + "net.core.rmem_max; 0 = OS default)")
            .define("edge.sip.udp.readers", Type.INT, null, Validator.between(1, UdpSettings.MAX_READERS),
                    Importance.MEDIUM, "UDP sockets on the port (SO_REUSEPORT), each read by its own thread "
                            + "(default: the number of cores)")
            .define("edge.sip.udp.native", Type.BOOLEAN, true, Importance.LOW,
                    "read UDP with Linux epoll when its native library loads (false: Java NIO)")
            .define("edge.sip.udp.queue.max", Type.INT, 10_000, Validator.atLeast(1), Importance.LOW,
                    "UDP datagrams read but not yet handled; beyond it they are dropped (shed reason udp_queue)")
            .define("edge.max.datagram.bytes", Type.INT, 65_535, Validator.between(512, 65_535), Importance.LOW,
                    "larger UDP datagrams are dropped and counted")
            .define("edge.max.stream.message.bytes", Type.INT, 65_535, Validator.atLeast(512), Importance.LOW,
                    "larger TCP/TLS messages close the connection")
            .define("edge.max.header.line.bytes", Type.INT, SipCodecLimits.DEFAULT_MAX_HEADER_LINE_BYTES,
                    Validator.atLeast(256), Importance.LOW, "longer header fields make a message malformed")
            .define("edge.max.headers", Type.INT, SipCodecLimits.DEFAULT_MAX_HEADERS, Validator.atLeast(16),
                    Importance.LOW, "more header fields make a message malformed")
            .define("edge.max.body.bytes", Type.INT, 60_000, Validator.atLeast(0), Importance.LOW,
                    "larger bodies make a message malformed (below edge.max.stream.message.bytes)")
            .define("edge.stream.idle.timeout.s", Type.INT, 300, Validator.atLeast(0), Importance.LOW,
                    "idle TCP/TLS connections are closed")
            .define("edge.stream.max.connections", Type.INT, null, Validator.atLeast(1), Importance.MEDIUM,
                    "open TCP+TLS connections at once (default: file-descriptor limit minus edge.stream.fd.reserve)")
            .define("edge.stream.max.connections.per.source", Type.INT, 1024, Validator.atLeast(1),
                    Importance.MEDIUM, "open TCP+TLS connections per source IP")
            .define("edge.stream.fd.reserve", Type.INT, null, Validator.atLeast(0), Importance.LOW,
                    "descriptors kept for the broker and state when the connection cap is derived (default: a "
                            + "quarter of the limit, at least 512)")
            .define("edge.stream.message.timeout.ms", Type.LONG, 10_000L, Validator.atLeast(0), Importance.LOW,
                    "a message begun on a stream must be complete by then (0 = off)")
            .define("edge.stream.write.queue.max.bytes", Type.INT, 256 * 1024, Validator.atLeast(1024),
                    Importance.LOW, "responses queued for a connection beyond this stop reading from it")
            .define("edge.stream.write.stall.timeout.ms", Type.LONG, 10_000L, Validator.atLeast(1), Importance.LOW,
                    "a connection whose write queue stays full that long is closed")
            .define("edge.stream.reply.connect.timeout.ms", Type.INT, 4_000, Validator.atLeast(1), Importance.LOW,
                    "connecting back to a Via sent-by for a response (RFC 3261 §18.2.2) gives up after this")
            .define("edge.flood.unverified.max.in.flight", Type.INT, 200, Validator.atLeast(0), Importance.LOW,
                    "pipeline transactions above which UDP sources not registered recently get only their fair "
                            + "share (0 = off)")
            .define("edge.flood.unverified.per.source.per.s", Type.DOUBLE, 2.0, Validator.atLeast(0),
                    Importance.LOW, "datagrams/s each such source still gets")
            .define("edge.flood.verified.ttl.s", Type.LONG, 3600L, Validator.atLeast(1), Importance.LOW,
                    "how long a 2xx to REGISTER gives its source priority")
            .define("edge.flood.verified.max.sources", Type.INT, 100_000, Validator.atLeast(1), Importance.LOW,
                    "verified sources remembered at once")
            .define("edge.challenge.local", Type.STRING, "auto", Validator.oneOf("auto", "true", "false"),
                    Importance.MEDIUM, "answer digest challenges at the edge with the auth.* keys "
                            + "(auto: when auth.nonce.keys is set)")
            .define("edge.warmup.ms", Type.LONG, 10_000L, Validator.between(0, 600_000), Importance.LOW,
                    "time spent warming the request path before the ports open (0 = off)")
            .define("edge.warmup.requests", Type.INT, 200_000, Validator.atLeast(0), Importance.LOW,
                    "most synthetic requests the warm-up runs")
            .define("edge.warmup.bus.records", Type.INT, 4_000, Validator.between(0, 1_000_000), Importance.LOW,
                    "warm-up records the edge sends through its producer, the broker and its reply-topic reader "
                            + "before the ports open, within edge.warmup.ms (0 = off)")
            .define("edge.sip.ws.port", Type.INT, -1, PORT, Importance.HIGH,
                    "SIP over WebSocket port, RFC 7118 (-1 disables, 0 any free)")
            .define("edge.sip.wss.port", Type.INT, -1, PORT, Importance.HIGH,
                    "SIP over secure WebSocket port with the edge's TLS certificate (-1 disables, 0 any free)")
            .define("edge.ws.allowed.origins", Type.LIST, List.of(), Validator.of("scheme://host[:port] or *",
                    v -> ((List<?>) v).stream().allMatch(x -> WsSettings.validOrigin(x.toString()))), Importance.MEDIUM,
                    "browser origins allowed to open a WebSocket; none listed: no Origin (not a browser) or the "
                            + "host connected to; * allows all")
            .define("edge.ws.max.frame.bytes", Type.INT, 65_535, Validator.atLeast(512), Importance.LOW,
                    "a larger WebSocket frame closes the connection")
            .define("edge.ws.max.message.bytes", Type.INT, null, Validator.atLeast(512), Importance.LOW,
                    "a larger reassembled WebSocket message closes the connection (default: "
                            + "edge.max.stream.message.bytes)")
            .define("edge.ws.ping.interval.ms", Type.LONG, 30_000L, Validator.atLeast(0), Importance.LOW,
                    "a WebSocket connection quiet this long gets a Ping (0 = off)")
            .define("edge.ws.pong.timeout.ms", Type.LONG, 10_000L, Validator.atLeast(1), Importance.LOW,
                    "a WebSocket connection silent this long after a Ping is closed and its bindings removed")
            .define("edge.flow.max.aors", Type.INT, 1_024, Validator.atLeast(0), Importance.LOW,
                    "AORs remembered per TCP/TLS/WS connection so the registrar can be told when it dies")
            .define("edge.data.dir", Type.STRING, ".vouch", Importance.LOW,
                    "where the development certificate is kept (`vouch run`: --data-dir)"));

    /** The pre-prefix names: each key without {@code edge.}; {@code tls.trusted.peers} is now edge.trusted.peers. */
    private static ConfigDef aliases(ConfigDef def) {
        for (ConfigDef.Key k : List.copyOf(def.keys())) {
            String old = k.name().substring("edge.".length());
            if (!NO_OLD_NAME.contains(k.name())) {
                def.alias(old, k.name());
            }
        }
        return def.alias("tls.trusted.peers", "edge.trusted.peers")
                .alias("edge.tls.trusted.peers", "edge.trusted.peers");
    }
}
