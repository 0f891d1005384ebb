package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptHeaderTest {
    private static final String CERT = "application/pkix-cert";

    @Test
    void noAcceptMeansThePackageDefault() {
        assertTrue(AcceptHeader.admits(List.of(), CERT));
    }

    @Test
    void exactTypeAndWildcardRangesAdmitCaseInsensitively() {
        assertTrue(AcceptHeader.admits(List.of("text/plain", "Application/PKIX-Cert"), CERT));
        assertTrue(AcceptHeader.admits(List.of("application/*;q=0.5"), CERT));
        assertTrue(AcceptHeader.admits(List.of("*/*"), CERT));
    }

    @Test
    void otherTypesZeroQualityAndMalformedElementsExclude() {
        assertFalse(AcceptHeader.admits(List.of("application/pidf+xml"), CERT));
        assertFalse(AcceptHeader.admits(List.of("application/pkix-cert;q=0"), CERT));
        assertFalse(AcceptHeader.admits(List.of("application/pkix-cert;q=0.000"), CERT));
        assertFalse(AcceptHeader.admits(List.of("application/pkix-cert;q=x"), CERT));
        assertFalse(AcceptHeader.admits(List.of("text/*"), CERT));
        assertFalse(AcceptHeader.admits(List.of(""), CERT));
    }
}
