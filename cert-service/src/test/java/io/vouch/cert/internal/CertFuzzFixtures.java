package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.cert.CertConfig;
import java.time.Instant;

/** Inputs and processors shared by cert-service's fuzz targets (one target per class: Jazzer fuzzes one per JVM). */
final class CertFuzzFixtures {
    private CertFuzzFixtures() {
    }

    static final Instant NOW = Instant.parse("2027-06-01T12:00:00Z");
    static final String AOR = "alice@example.com";
    static final CertConfig CONFIG = CertConfig.defaults();
    static final UserCertificateValidator CERTS = new UserCertificateValidator(2048, 256);
    static final EncryptedKeyValidator KEYS = new EncryptedKeyValidator(2048, 16384);
    static final PublicationBodies BODIES = new PublicationBodies(CERTS, KEYS);
    static final PublishProcessor PUBLISHER = new PublishProcessor(CONFIG, BODIES);
    static final SubscribeProcessor SUBSCRIBER = new SubscribeProcessor(CONFIG);
    static final Publication STORED = new Publication("certificate", "etag-1", "application/pkix-cert",
            new byte[] {1}, NOW.plusSeconds(600).toEpochMilli(), "tx-0");


    static void refusal(Rejection r) {
        assertTrue(r.status() >= 400 && r.status() <= 699, "status " + r.status());
        assertTrue(!r.reason().isBlank() && r.reason().chars().noneMatch(c -> c == '\r' || c == '\n'),
                "reason " + r.reason());
        assertEquals(r.reason(), r.reason().strip());
    }
}
