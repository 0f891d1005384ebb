package io.vouch.identity.internal.passport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MkyClaimsTest {
    private static boolean mentions(String body) {
        return MkyClaims.mentionsFingerprint(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findsTheFingerprintAttributeInAnyCaseAndPlace() {
        assertTrue(mentions("v=0\r\na=fingerprint:sha-256 AB:CD\r\n"));
        assertTrue(mentions("a=Fingerprint:sha-1 AB"));
        assertTrue(mentions("x=FINGERPRINT"));
        assertFalse(mentions("v=0\r\na=fingerprin\r\n"));
        assertFalse(mentions("a=fingerpr\u00efnt:sha-256 AB"));
        assertFalse(mentions(""));
        assertFalse(mentions("v=0\r\nm=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"));
    }
}
