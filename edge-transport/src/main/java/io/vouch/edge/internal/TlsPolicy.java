package io.vouch.edge.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The edge's TLS rules (RFC 9325 §4.2 recommendations, RFC 5630 for SIP): which cipher suites may be enabled, and
 * which combinations of TLS keys are refused at start because they would silently weaken mutual TLS.
 */
public final class TlsPolicy {
    /** AEAD suites only: TLS 1.3, then TLS 1.2 with ECDHE and AES-GCM or ChaCha20-Poly1305 (RFC 9325 §4.2). */
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** The JSSE switch that makes a TLS 1.2 server refuse renegotiation started by the client. */
    public static final String REJECT_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    private TlsPolicy() {
    }

    /** Whether {@code suite} may be enabled: a TLS 1.3 suite, or an ECDHE suite with an AEAD cipher. */
    public static boolean acceptable(String suite) {
        String s = suite.toUpperCase(Locale.ROOT);
        boolean tls13 = s.equals("TLS_AES_128_GCM_SHA256") || s.equals("TLS_AES_256_GCM_SHA384")
                || s.equals("TLS_CHACHA20_POLY1305_SHA256");
        boolean aead = s.contains("_GCM_") || s.contains("_CHACHA20_POLY1305_");
        return tls13 || (s.startsWith("TLS_ECDHE_") && aead);
    }

    /**
     * Refuses settings where a security requirement depends on a second key that is missing, naming both keys:
     * mutual TLS without a trust bundle would accept any client (or none) and trusted peers could never be
     * verified; a certificate without its key (or the reverse) is half a configuration.
     *
     * @throws IllegalArgumentException naming the keys involved
     */
    public static void requireConsistent(String certPath, String keyPath, String clientAuth, String trustPath,
            Map<String, String> trustedPeers) {
        if (certPath.isEmpty() != keyPath.isEmpty()) {
            throw new IllegalArgumentException("edge.tls.cert.path and edge.tls.key.path must be set together (one is empty)");
        }
        if (clientAuth.equals("required") && trustPath.isEmpty()) {
            throw new IllegalArgumentException("edge.tls.client.auth=required needs edge.tls.trust.path (the PEM CA bundle "
                    + "client certificates must chain to); refusing to start with mutual TLS unenforced");
        }
        if (!trustedPeers.isEmpty() && (trustPath.isEmpty() || clientAuth.equals("none"))) {
            throw new IllegalArgumentException("edge.trusted.peers needs edge.tls.trust.path and edge.tls.client.auth=request "
                    + "or required: without them no client certificate is verified and no peer can be trusted");
        }
    }
}
