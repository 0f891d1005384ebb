package io.vouch.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Security settings that depend on a second key refuse to start without it, naming both keys. */
class EdgeConfigTest {

    private static String refusal(JsonObject cfg) {
        return assertThrows(IllegalArgumentException.class, () -> EdgeConfig.from(cfg)).getMessage();
    }

    @Test
    void requiredClientAuthWithoutATrustBundleRefusesToStart() {
        String m = refusal(new JsonObject().put("tls.client.auth", "required"));
        assertTrue(m.contains("tls.client.auth") && m.contains("tls.trust.path"), m);
    }

    @Test
    void trustedPeersWithoutVerifiedClientCertificatesRefuseToStart() {
        String noTrust = refusal(new JsonObject().put("tls.trusted.peers", "sbc.example=carrier"));
        assertTrue(noTrust.contains("edge.trusted.peers") && noTrust.contains("edge.tls.trust.path"), noTrust);
        String noAuth = refusal(new JsonObject().put("tls.trusted.peers", "sbc.example=carrier")
                .put("tls.trust.path", "/ca.pem").put("tls.client.auth", "none"));
        assertTrue(noAuth.contains("tls.client.auth"), noAuth);
    }

    @Test
    void aCertificateWithoutItsKeyRefusesToStart() {
        String m = refusal(new JsonObject().put("tls.cert.path", "/edge.pem"));
        assertTrue(m.contains("tls.cert.path") && m.contains("tls.key.path"), m);
    }

    @Test
    void cbcAndNonEcdheSuitesAreRefused() {
        for (String suite : new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"}) {
            String m = refusal(new JsonObject().put("tls.cipher.suites", suite));
            assertTrue(m.contains("tls.cipher.suites"), m);
        }
    }

    @Test
    void defaultsStartAndKeepOnlyAeadSuites() {
        EdgeConfig c = EdgeConfig.defaults();
        assertTrue(c.tlsCipherSuites().stream().allMatch(s -> s.contains("GCM") || s.contains("CHACHA20")));
        assertEquals(10_000, c.tlsHandshakeTimeoutMs());
        assertTrue(c.streams().maxConnections() >= 16);
        EdgeConfig mtls = EdgeConfig.from(new JsonObject().put("tls.client.auth", "required")
                .put("tls.trust.path", "/ca.pem").put("tls.trusted.peers", "sbc.example=carrier"));
        assertEquals("required", mtls.tlsClientAuth());
    }

    @Test
    void theDefaultConnectionCapLeavesADescriptorReserve() {
        long limit = StreamGuards.fileDescriptorLimit();
        StreamGuards g = EdgeConfig.defaults().streams();
        assertTrue(g.fdReserve() >= 512);
        assertEquals(Math.max(16, Math.min(Integer.MAX_VALUE, limit - g.fdReserve())), g.maxConnections());
        assertEquals(100, EdgeConfig.from(new JsonObject().put("stream.max.connections", 100)).streams()
                .maxConnections());
    }

    @Test
    void udpReadingKeysAreReadAndBadValuesRefusedNamingTheKey() {
        UdpSettings udp = EdgeConfig.from(new JsonObject().put("edge.sip.udp.receive.buffer.bytes", 1 << 20)
                .put("edge.sip.udp.readers", 3).put("edge.sip.udp.native", false)).udp();
        assertEquals(new UdpSettings(1 << 20, 3, false, 10_000), udp);
        UdpSettings defaults = EdgeConfig.defaults().udp();
        assertEquals(4 * 1024 * 1024, defaults.receiveBufferBytes());
        assertEquals(Math.min(UdpSettings.MAX_READERS, Runtime.getRuntime().availableProcessors()), defaults.readers());
        assertTrue(defaults.nativeTransport());
        for (var bad : new JsonObject[] {new JsonObject().put("edge.sip.udp.receive.buffer.bytes", -1),
                new JsonObject().put("edge.sip.udp.readers", 0), new JsonObject().put("edge.sip.udp.readers", 65),
                new JsonObject().put("edge.sip.udp.queue.max", 0)}) {
            String key = bad.fieldNames().iterator().next();
            String m = refusal(bad);
            assertTrue(m.contains(key), m);
        }
    }

    @Test
    void sourceAddressesAreKeptInTheFormFlowsCarry() {
        EdgeConfig c = EdgeConfig.from(new JsonObject().put("edge.trusted.sources", "::1,192.0.2.7,sbc.example")
                .put("edge.rate.limit.exempt.sources", "2001:db8::1"));
        assertEquals(java.util.List.of("0:0:0:0:0:0:0:1", "192.0.2.7", "sbc.example"), c.trustedSources());
        assertEquals(java.util.List.of("2001:db8:0:0:0:0:0:1"), c.rateLimitExempt());
    }
}
