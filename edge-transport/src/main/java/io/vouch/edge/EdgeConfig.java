package io.vouch.edge;

import io.vertx.core.json.JsonObject;
import io.vouch.edge.internal.EdgeChallenger;
import io.vouch.edge.internal.TlsPolicy;
import io.vouch.proto.Topics;
import io.vouch.runtime.config.Addresses;
import io.vouch.runtime.config.Config;
import io.vouch.runtime.config.SharedKeys;
import io.vouch.sip.SipCodecLimits;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed configuration of one edge, read from the {@code edge.*} keys declared in {@link EdgeKeys}.
 *
 * <p>Every limit the edge enforces is here; invalid values fail at start, naming the key.
 *
 * @param edgeId               {@code edge.id}: names this edge's reply topic ({@code vouch.edge.<id>})
 * @param host                 {@code edge.sip.host}: address the SIP listeners bind to
 * @param advertisedHost       {@code edge.sip.advertised.host}: host this edge calls itself in Via/Contact checks
 * @param udpPort              {@code edge.sip.udp.port} (-1 disables, 0 picks a free port)
 * @param tcpPort              {@code edge.sip.tcp.port} (-1 disables, 0 picks a free port)
 * @param tlsPort              {@code edge.sip.tls.port} (-1 disables, 0 picks a free port)
 * @param domains              {@code edge.sip.domains}: hosts this edge is authoritative for (OPTIONS/REGISTER targets)
 * @param tlsCertPath          {@code edge.tls.cert.path}: PEM certificate chain; empty = development certificate
 * @param tlsKeyPath           {@code edge.tls.key.path}: PEM PKCS#8 private key
 * @param tlsClientAuth        {@code edge.tls.client.auth}: none, request or required (mutual TLS)
 * @param tlsTrustPath         {@code edge.tls.trust.path}: PEM CA bundle that client certificates must chain to
 * @param trustedPeers         {@code edge.trusted.peers}: client certificate CN or SAN → trusted peer name
 * @param trustedSources       {@code edge.trusted.sources}: source IPs treated as trusted peers (name {@code source:<ip>})
 * @param pipelineTimeoutMs    {@code edge.pipeline.timeout.ms}: no answer from the pipeline by then → 503
 * @param retryAfterSeconds    {@code edge.retry.after.s}: Retry-After on 503s the edge sends
 * @param maxInFlight          {@code edge.max.in.flight}: transactions in the pipeline at once; beyond it → 503 (shed)
 * @param completedCacheMax    {@code edge.transaction.cache.max}: completed transactions kept for retransmissions
 * @param timerT1Ms            {@code edge.timer.t1.ms}: RFC 3261 T1; completed transactions are kept 64*T1
 * @param inviteTryingMs       {@code edge.invite.trying.ms}: an INVITE still in the pipeline after this long gets a
 *                             {@code 100 Trying} (RFC 3261 §17.2.1), which stops the client's retransmissions; 0 = at once
 * @param overloadTargetMs     {@code edge.overload.target.ms}: when the quickest reply of a topic over an interval took
 *                             longer, a growing share of new requests to it is answered 503 at once (0 = off)
 * @param overloadIntervalMs   {@code edge.overload.interval.ms}: the interval of that measurement
 * @param rateLimitPerSecond   {@code edge.rate.limit.per.source.per.s}: token bucket rate per source IP (0 = off)
 * @param rateLimitBurst       {@code edge.rate.limit.per.source.burst}
 * @param rateLimitExempt      {@code edge.rate.limit.exempt.sources}: source IPs never limited
 * @param maxDatagramBytes     {@code edge.max.datagram.bytes}: larger UDP datagrams are dropped and counted
 * @param maxStreamMessageBytes {@code edge.max.stream.message.bytes}: larger TCP/TLS messages close the connection
 * @param maxHeaderLineBytes   {@code edge.max.header.line.bytes}: longer header fields make a message malformed
 * @param maxHeaders           {@code edge.max.headers}: more header fields make a message malformed
 * @param maxBodyBytes         {@code edge.max.body.bytes}: larger bodies make a message malformed
 * @param idleTimeoutSeconds   {@code edge.stream.idle.timeout.s}: idle TCP/TLS connections are closed
 * @param dataDir              {@code edge.data.dir}: where the development certificate is kept
 * @param tlsHandshakeTimeoutMs {@code edge.tls.handshake.timeout.ms}: a TLS handshake not done by then closes the
 *                             connection
 * @param tlsCipherSuites      {@code edge.tls.cipher.suites}: enabled suites (JSSE names); only AEAD suites, and for
 *                             TLS 1.2 only ECDHE key exchange, are accepted
 * @param streams              the TCP/TLS connection guards ({@code edge.stream.*} keys, see {@link StreamGuards})
 * @param floodMaxInFlight     {@code edge.flood.unverified.max.in.flight}: pipeline transactions above which UDP sources
 *                             that have not registered recently get only their fair share (0 = off)
 * @param floodFairSharePerSecond {@code edge.flood.unverified.per.source.per.s}: datagrams/s each such source still gets
 * @param floodVerifiedTtlSeconds {@code edge.flood.verified.ttl.s}: how long a 2xx to REGISTER gives its source priority
 * @param floodVerifiedMaxSources {@code edge.flood.verified.max.sources}: verified sources remembered at once
 * @param localChallenge       {@code edge.challenge.local} (auto, true, false): answer digest challenges here for
 *                             requests without credentials, with the auth stage's {@code auth.*} keys; auto = on when
 *                             {@code auth.nonce.keys} is set (see {@link EdgeChallenger#settings})
 * @param warmupMs             {@code edge.warmup.ms}: time spent warming the request path before the ports open (0 = off)
 * @param warmupRequests       {@code edge.warmup.requests}: most synthetic requests the warm-up runs
 * @param warmupBusRecords     {@code edge.warmup.bus.records}: warm-up records sent through the producer, the broker
 *                             and the reply-topic reader before the ports open (0 = off)
 * @param ws                   the SIP over WebSocket listeners and their limits ({@code edge.sip.ws*},
 *                             {@code edge.ws.*} keys, see {@link WsSettings})
 * @param udp                  how UDP is read: receive buffer, readers, transport ({@code edge.sip.udp.*} keys, see
 *                             {@link UdpSettings})
 * @param skipMediaWhenUnkeyed {@code media.skip.unkeyed}: a trusted peer's INVITE without media keying goes straight
 *                             to signing
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
        long inviteTryingMs,
        long overloadTargetMs,
        long overloadIntervalMs,
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
        int warmupBusRecords,
        WsSettings ws,
        UdpSettings udp,
        boolean skipMediaWhenUnkeyed) {

    public EdgeConfig {
        domains = List.copyOf(domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList());
        trustedPeers = Map.copyOf(trustedPeers);
        trustedSources = Addresses.canonical(trustedSources);
        rateLimitExempt = Addresses.canonical(rateLimitExempt);
        require(Topics.isEdgeId(edgeId), "edge.id", edgeId);
        require(udpPort >= -1 && udpPort <= 65535, "edge.sip.udp.port", udpPort);
        require(tcpPort >= -1 && tcpPort <= 65535, "edge.sip.tcp.port", tcpPort);
        require(tlsPort >= -1 && tlsPort <= 65535, "edge.sip.tls.port", tlsPort);
        require(List.of("none", "request", "required").contains(tlsClientAuth), "edge.tls.client.auth", tlsClientAuth);
        require(pipelineTimeoutMs > 0, "edge.pipeline.timeout.ms", pipelineTimeoutMs);
        require(retryAfterSeconds >= 0, "edge.retry.after.s", retryAfterSeconds);
        require(maxInFlight > 0, "edge.max.in.flight", maxInFlight);
        require(completedCacheMax >= 0, "edge.transaction.cache.max", completedCacheMax);
        require(timerT1Ms > 0, "edge.timer.t1.ms", timerT1Ms);
        require(inviteTryingMs >= 0, "edge.invite.trying.ms", inviteTryingMs);
        require(overloadTargetMs >= 0, "edge.overload.target.ms", overloadTargetMs);
        require(overloadIntervalMs > 0, "edge.overload.interval.ms", overloadIntervalMs);
        require(rateLimitPerSecond >= 0, "edge.rate.limit.per.source.per.s", rateLimitPerSecond);
        require(rateLimitBurst >= 1, "edge.rate.limit.per.source.burst", rateLimitBurst);
        require(maxDatagramBytes >= 512 && maxDatagramBytes <= 65535, "edge.max.datagram.bytes", maxDatagramBytes);
        require(maxStreamMessageBytes >= 512, "edge.max.stream.message.bytes", maxStreamMessageBytes);
        require(maxHeaderLineBytes >= 256, "edge.max.header.line.bytes", maxHeaderLineBytes);
        require(maxHeaders >= 16, "edge.max.headers", maxHeaders);
        require(maxBodyBytes >= 0 && maxBodyBytes < maxStreamMessageBytes, "edge.max.body.bytes", maxBodyBytes);
        require(floodMaxInFlight >= 0, "edge.flood.unverified.max.in.flight", floodMaxInFlight);
        require(floodFairSharePerSecond >= 0, "edge.flood.unverified.per.source.per.s", floodFairSharePerSecond);
        require(floodVerifiedTtlSeconds > 0, "edge.flood.verified.ttl.s", floodVerifiedTtlSeconds);
        require(floodVerifiedMaxSources >= 1, "edge.flood.verified.max.sources", floodVerifiedMaxSources);
        require(idleTimeoutSeconds >= 0, "edge.stream.idle.timeout.s", idleTimeoutSeconds);
        tlsCipherSuites = List.copyOf(tlsCipherSuites);
        require(tlsHandshakeTimeoutMs > 0, "edge.tls.handshake.timeout.ms", tlsHandshakeTimeoutMs);
        require(!tlsCipherSuites.isEmpty(), "edge.tls.cipher.suites", tlsCipherSuites);
        for (String suite : tlsCipherSuites) {
            require(TlsPolicy.acceptable(suite), "edge.tls.cipher.suites",
                    suite + " (only AEAD suites with ECDHE key exchange, or TLS 1.3 suites, are allowed)");
        }
        java.util.Objects.requireNonNull(localChallenge, "localChallenge");
        require(warmupMs >= 0 && warmupMs <= 600_000, "edge.warmup.ms", warmupMs);
        require(warmupRequests >= 0, "edge.warmup.requests", warmupRequests);
        require(warmupBusRecords >= 0, "edge.warmup.bus.records", warmupBusRecords);
        java.util.Objects.requireNonNull(ws, "ws");
        java.util.Objects.requireNonNull(udp, "udp");
        TlsPolicy.requireConsistent(tlsCertPath, tlsKeyPath, tlsClientAuth, tlsTrustPath, trustedPeers);
    }

    /** Defaults suitable for the embedded development mode. */
    public static EdgeConfig defaults() {
        return from(new JsonObject());
    }

    /** Reads the {@code edge.*} keys (and the auth keys a local challenge needs); absent keys take defaults. */
    public static EdgeConfig from(JsonObject json) {
        Config c = EdgeKeys.DEF.parse(json);
        return new EdgeConfig(
                c.getString("edge.id"),
                c.getString("edge.sip.host"),
                c.optionalString("edge.sip.advertised.host").orElse(c.getString("edge.sip.host")),
                c.getInt("edge.sip.udp.port"),
                c.getInt("edge.sip.tcp.port"),
                c.getInt("edge.sip.tls.port"),
                c.getList("edge.sip.domains"),
                c.getString("edge.tls.cert.path"),
                c.getString("edge.tls.key.path"),
                c.getString("edge.tls.client.auth").toLowerCase(Locale.ROOT),
                c.getString("edge.tls.trust.path"),
                c.getMap("edge.trusted.peers"),
                c.getList("edge.trusted.sources"),
                c.getLong("edge.pipeline.timeout.ms"),
                c.getInt("edge.retry.after.s"),
                c.getInt("edge.max.in.flight"),
                c.getInt("edge.transaction.cache.max"),
                c.getLong("edge.timer.t1.ms"),
                c.getLong("edge.invite.trying.ms"),
                c.getLong("edge.overload.target.ms"),
                c.getLong("edge.overload.interval.ms"),
                c.getDouble("edge.rate.limit.per.source.per.s"),
                c.getDouble("edge.rate.limit.per.source.burst"),
                c.getList("edge.rate.limit.exempt.sources"),
                c.getInt("edge.max.datagram.bytes"),
                c.getInt("edge.max.stream.message.bytes"),
                c.getInt("edge.max.header.line.bytes"),
                c.getInt("edge.max.headers"),
                c.getInt("edge.max.body.bytes"),
                c.getInt("edge.stream.idle.timeout.s"),
                c.getString("edge.data.dir"),
                c.getLong("edge.tls.handshake.timeout.ms"),
                c.getList("edge.tls.cipher.suites"),
                StreamGuards.from(c),
                c.getInt("edge.flood.unverified.max.in.flight"),
                c.getDouble("edge.flood.unverified.per.source.per.s"),
                c.getLong("edge.flood.verified.ttl.s"),
                c.getInt("edge.flood.verified.max.sources"),
                EdgeChallenger.settings(c.getString("edge.challenge.local").toLowerCase(Locale.ROOT),
                        SharedKeys.AUTH_CHALLENGE.parse(json)),
                c.getLong("edge.warmup.ms"),
                c.getInt("edge.warmup.requests"),
                c.getInt("edge.warmup.bus.records"),
                WsSettings.from(c),
                UdpSettings.from(c),
                SharedKeys.MEDIA_ROUTING.parse(json).getBoolean(SharedKeys.MEDIA_SKIP_UNKEYED));
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
}
