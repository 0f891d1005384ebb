package io.vouch.edge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.edge.internal.EdgeChallenger;
import io.vouch.edge.internal.TlsPolicy;
import io.vouch.sip.SipCodecLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Typed configuration of one edge, read from lower-case dotted keys (units in the key names).
 *
 * <p>Every limit the edge enforces is here; invalid values fail at start, naming the key.
 *
 * @param edgeId               {@code edge.id}: names this edge's reply topic ({@code vouch.edge.<id>})
 * @param host                 {@code sip.host}: address the SIP listeners bind to
 * @param advertisedHost       {@code sip.advertised.host}: host this edge calls itself in Via/Contact checks
 * @param udpPort              {@code sip.udp.port} (-1 disables, 0 picks a free port)
 * @param tcpPort              {@code sip.tcp.port} (-1 disables, 0 picks a free port)
 * @param tlsPort              {@code sip.tls.port} (-1 disables, 0 picks a free port)
 * @param domains              {@code sip.domains}: hosts this edge is authoritative for (OPTIONS/REGISTER targets)
 * @param tlsCertPath          {@code tls.cert.path}: PEM certificate chain; empty = development certificate
 * @param tlsKeyPath           {@code tls.key.path}: PEM PKCS#8 private key
 * @param tlsClientAuth        {@code tls.client.auth}: none, request or required (mutual TLS)
 * @param tlsTrustPath         {@code tls.trust.path}: PEM CA bundle that client certificates must chain to
 * @param trustedPeers         {@code tls.trusted.peers}: client certificate CN or SAN → trusted peer name
 * @param trustedSources       {@code trusted.sources}: source IPs treated as trusted peers (name {@code source:<ip>})
 * @param pipelineTimeoutMs    {@code pipeline.timeout.ms}: no answer from the pipeline by then → 503
 * @param retryAfterSeconds    {@code retry.after.s}: Retry-After on 503s the edge sends
 * @param maxInFlight          {@code max.in.flight}: transactions in the pipeline at once; beyond it → 503 (shed)
 * @param completedCacheMax    {@code transaction.cache.max}: completed transactions kept for retransmissions
 * @param timerT1Ms            {@code timer.t1.ms}: RFC 3261 T1; completed transactions are kept 64*T1
 * @param rateLimitPerSecond   {@code rate.limit.per.source.per.s}: token bucket rate per source IP (0 = off)
 * @param rateLimitBurst       {@code rate.limit.per.source.burst}
 * @param rateLimitExempt      {@code rate.limit.exempt.sources}: source IPs never limited
 * @param maxDatagramBytes     {@code max.datagram.bytes}: larger UDP datagrams are dropped and counted
 * @param maxStreamMessageBytes {@code max.stream.message.bytes}: larger TCP/TLS messages close the connection
 * @param maxHeaderLineBytes   {@code max.header.line.bytes}: longer header fields make a message malformed
 * @param maxHeaders           {@code max.headers}: more header fields make a message malformed
 * @param maxBodyBytes         {@code max.body.bytes}: larger bodies make a message malformed
 * @param idleTimeoutSeconds   {@code stream.idle.timeout.s}: idle TCP/TLS connections are closed
 * @param dataDir              {@code data.dir}: where the development certificate is kept
 * @param tlsHandshakeTimeoutMs {@code tls.handshake.timeout.ms}: a TLS handshake not done by then closes the
 *                             connection
 * @param tlsCipherSuites      {@code tls.cipher.suites}: enabled suites (JSSE names); only AEAD suites, and for
 *                             TLS 1.2 only ECDHE key exchange, are accepted
 * @param streams              the TCP/TLS connection guards ({@code stream.*} keys, see {@link StreamGuards})
 * @param floodMaxInFlight     {@code flood.unverified.max.in.flight}: pipeline transactions above which UDP sources
 *                             that have not registered recently get only their fair share (0 = off)
 * @param floodFairSharePerSecond {@code flood.unverified.per.source.per.s}: datagrams/s each such source still gets
 * @param floodVerifiedTtlSeconds {@code flood.verified.ttl.s}: how long a 2xx to REGISTER gives its source priority
 * @param floodVerifiedMaxSources {@code flood.verified.max.sources}: verified sources remembered at once
 * @param localChallenge       {@code edge.challenge.local} (auto, true, false): answer digest challenges here for
 *                             requests without credentials, with the auth stage's {@code auth.*} keys; auto = on when
 *                             {@code auth.nonce.keys} is set (see {@link EdgeChallenger#settings})
 * @param warmupMs             {@code warmup.ms}: time spent warming the request path before the ports open (0 = off)
 * @param warmupRequests       {@code warmup.requests}: most synthetic requests the warm-up runs
 * @param ws                   the SIP over WebSocket listeners and their limits ({@code sip.ws*}, {@code ws.*} keys,
 *                             see {@link WsSettings})
 */
public record EdgeConfig(
        String edgeId,
        String host,
        String advertisedHost,
        int udpPort,
        int tcpPort,
        int tlsPort,
        List<String> domains,
        String tlsCertPath,
        String tlsKeyPath,
        String tlsClientAuth,
        String tlsTrustPath,
        Map<String, String> trustedPeers,
        List<String> trustedSources,
        long pipelineTimeoutMs,
        int retryAfterSeconds,
        int maxInFlight,
        int completedCacheMax,
        long timerT1Ms,
        double rateLimitPerSecond,
        double rateLimitBurst,
        List<String> rateLimitExempt,
        int maxDatagramBytes,
        int maxStreamMessageBytes,
        int maxHeaderLineBytes,
        int maxHeaders,
        int maxBodyBytes,
        int idleTimeoutSeconds,
        String dataDir,
        long tlsHandshakeTimeoutMs,
        List<String> tlsCipherSuites,
        StreamGuards streams,
        int floodMaxInFlight,
        double floodFairSharePerSecond,
        long floodVerifiedTtlSeconds,
        int floodVerifiedMaxSources,
        Optional<EdgeChallenger.Settings> localChallenge,
        long warmupMs,
        int warmupRequests,
        WsSettings ws) {

    public EdgeConfig {
        domains = List.copyOf(domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList());
        trustedPeers = Map.copyOf(trustedPeers);
        trustedSources = List.copyOf(trustedSources);
        rateLimitExempt = List.copyOf(rateLimitExempt);
        require(edgeId.matches("[A-Za-z0-9._-]+"), "edge.id", edgeId);
        require(udpPort >= -1 && udpPort <= 65535, "sip.udp.port", udpPort);
        require(tcpPort >= -1 && tcpPort <= 65535, "sip.tcp.port", tcpPort);
        require(tlsPort >= -1 && tlsPort <= 65535, "sip.tls.port", tlsPort);
        require(List.of("none", "request", "required").contains(tlsClientAuth), "tls.client.auth", tlsClientAuth);
        require(pipelineTimeoutMs > 0, "pipeline.timeout.ms", pipelineTimeoutMs);
        require(retryAfterSeconds >= 0, "retry.after.s", retryAfterSeconds);
        require(maxInFlight > 0, "max.in.flight", maxInFlight);
        require(completedCacheMax >= 0, "transaction.cache.max", completedCacheMax);
        require(timerT1Ms > 0, "timer.t1.ms", timerT1Ms);
        require(rateLimitPerSecond >= 0, "rate.limit.per.source.per.s", rateLimitPerSecond);
        require(rateLimitBurst >= 1, "rate.limit.per.source.burst", rateLimitBurst);
        require(maxDatagramBytes >= 512 && maxDatagramBytes <= 65535, "max.datagram.bytes", maxDatagramBytes);
        require(maxStreamMessageBytes >= 512, "max.stream.message.bytes", maxStreamMessageBytes);
        require(maxHeaderLineBytes >= 256, "max.header.line.bytes", maxHeaderLineBytes);
        require(maxHeaders >= 16, "max.headers", maxHeaders);
        require(maxBodyBytes >= 0 && maxBodyBytes < maxStreamMessageBytes, "max.body.bytes", maxBodyBytes);
        require(floodMaxInFlight >= 0, "flood.unverified.max.in.flight", floodMaxInFlight);
        require(floodFairSharePerSecond >= 0, "flood.unverified.per.source.per.s", floodFairSharePerSecond);
        require(floodVerifiedTtlSeconds > 0, "flood.verified.ttl.s", floodVerifiedTtlSeconds);
        require(floodVerifiedMaxSources >= 1, "flood.verified.max.sources", floodVerifiedMaxSources);
        require(idleTimeoutSeconds >= 0, "stream.idle.timeout.s", idleTimeoutSeconds);
        tlsCipherSuites = List.copyOf(tlsCipherSuites);
        require(tlsHandshakeTimeoutMs > 0, "tls.handshake.timeout.ms", tlsHandshakeTimeoutMs);
        require(!tlsCipherSuites.isEmpty(), "tls.cipher.suites", tlsCipherSuites);
        for (String suite : tlsCipherSuites) {
            require(TlsPolicy.acceptable(suite), "tls.cipher.suites",
                    suite + " (only AEAD suites with ECDHE key exchange, or TLS 1.3 suites, are allowed)");
        }
        java.util.Objects.requireNonNull(localChallenge, "localChallenge");
        require(warmupMs >= 0 && warmupMs <= 600_000, "warmup.ms", warmupMs);
        require(warmupRequests >= 0, "warmup.requests", warmupRequests);
        java.util.Objects.requireNonNull(ws, "ws");
        TlsPolicy.requireConsistent(tlsCertPath, tlsKeyPath, tlsClientAuth, tlsTrustPath, trustedPeers);
    }

    /** Defaults suitable for the embedded development mode. */
    public static EdgeConfig defaults() {
        return from(new JsonObject());
    }

    /** Reads the keys documented on this record; absent keys take their defaults. */
    public static EdgeConfig from(JsonObject c) {
        return new EdgeConfig(
                c.getString("edge.id", "edge-1"),
                c.getString("sip.host", "127.0.0.1"),
                c.getString("sip.advertised.host", c.getString("sip.host", "127.0.0.1")),
                intKey(c, "sip.udp.port", 5060),
                intKey(c, "sip.tcp.port", 5060),
                intKey(c, "sip.tls.port", 5061),
                strings(c, "sip.domains", List.of("localhost", "127.0.0.1")),
                c.getString("tls.cert.path", ""),
                c.getString("tls.key.path", ""),
                c.getString("tls.client.auth", "request"),
                c.getString("tls.trust.path", ""),
                map(c, "tls.trusted.peers"),
                strings(c, "trusted.sources", List.of()),
                longKey(c, "pipeline.timeout.ms", 4000),
                intKey(c, "retry.after.s", 5),
                intKey(c, "max.in.flight", 5_000),
                intKey(c, "transaction.cache.max", 200_000),
                longKey(c, "timer.t1.ms", 500),
                doubleKey(c, "rate.limit.per.source.per.s", 500),
                doubleKey(c, "rate.limit.per.source.burst", 1000),
                strings(c, "rate.limit.exempt.sources", List.of()),
                intKey(c, "max.datagram.bytes", 65_535),
                intKey(c, "max.stream.message.bytes", 65_535),
                intKey(c, "max.header.line.bytes", SipCodecLimits.DEFAULT_MAX_HEADER_LINE_BYTES),
                intKey(c, "max.headers", SipCodecLimits.DEFAULT_MAX_HEADERS),
                intKey(c, "max.body.bytes", 60_000),
                intKey(c, "stream.idle.timeout.s", 300),
                c.getString("data.dir", ".vouch"),
                longKey(c, "tls.handshake.timeout.ms", 10_000),
                strings(c, "tls.cipher.suites", TlsPolicy.DEFAULT_CIPHER_SUITES),
                StreamGuards.from(c),
                intKey(c, "flood.unverified.max.in.flight", 200),
                doubleKey(c, "flood.unverified.per.source.per.s", 2),
                longKey(c, "flood.verified.ttl.s", 3600),
                intKey(c, "flood.verified.max.sources", 100_000),
                EdgeChallenger.settings(c),
                longKey(c, "warmup.ms", 3_000),
                intKey(c, "warmup.requests", 40_000),
                WsSettings.from(c));
    }

    /** The codec limits these keys describe. */
    public SipCodecLimits codecLimits() {
        return new SipCodecLimits(maxDatagramBytes, maxStreamMessageBytes, SipCodecLimits.DEFAULT_MAX_START_LINE_BYTES,
                maxHeaderLineBytes, maxHeaders, maxBodyBytes);
    }

    /** True when {@code host} (a Request-URI host) names this edge. */
    public boolean isOwnDomain(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return domains.contains(h) || h.equals(advertisedHost.toLowerCase(Locale.ROOT));
    }

    static void require(boolean ok, String key, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("invalid value for " + key + ": " + value);
        }
    }

    static int intKey(JsonObject c, String key, int def) {
        return (int) longKey(c, key, def);
    }

    static long longKey(JsonObject c, String key, long def) {
        Object v = c.getValue(key);
        if (v == null) {
            return def;
        }
        try {
            return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for " + key + ": " + v, e);
        }
    }

    private static double doubleKey(JsonObject c, String key, double def) {
        Object v = c.getValue(key);
        if (v == null) {
            return def;
        }
        try {
            return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for " + key + ": " + v, e);
        }
    }

    /** A comma-separated (or JSON array) list key; {@code def} when absent. */
    public static List<String> strings(JsonObject c, String key, List<String> def) {
        Object v = c.getValue(key);
        if (v == null) {
            return def;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof JsonArray a) {
            a.forEach(x -> out.add(String.valueOf(x).trim()));
        } else {
            for (String s : v.toString().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    private static Map<String, String> map(JsonObject c, String key) {
        Object v = c.getValue(key);
        Map<String, String> out = new TreeMap<>();
        if (v instanceof JsonObject o) {
            o.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        } else if (v != null) {
            for (String pair : v.toString().split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("invalid value for " + key + ": " + v);
                }
                out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return out;
    }
}
