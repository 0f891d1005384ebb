package io.vouch.media;

import io.vouch.sdp.FingerprintHash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vouch.media.srtp.SrtpSuite;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MediaKeyingConfigTest {

    @Test
    void readsEveryKey() {
        MediaKeyingConfig c = MediaKeyingConfig.from(Map.of(
            "media.sdes.insecure.hop", "strip",
            "media.sdes.require.sips", "true",
            "media.sdes.suites", "AES_CM_128_HMAC_SHA1_80, AEAD_AES_256_GCM",
            "media.sdes.unprotected.allowed", "true",
            "media.dtls.fingerprint.min.hash", "sha-384"));
        assertEquals(MediaKeyingConfig.InsecureHopAction.STRIP, c.insecureHop());
        assertEquals(true, c.requireSips());
        assertEquals(Set.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AEAD_AES_256_GCM), c.suites());
        assertEquals(true, c.allowUnprotected());
        assertEquals(FingerprintHash.SHA_384, c.minFingerprintHash());
        assertEquals(MediaKeyingConfig.defaults(), MediaKeyingConfig.from(Map.of()));
    }

    @Test
    void badValuesFailNamingTheKey() {
        for (Map<String, String> bad : List.of(
            Map.of("media.sdes.insecure.hop", "maybe"), Map.of("media.sdes.suites", "ROT13"),
            Map.of("media.sdes.require.sips", "yes"), Map.of("media.dtls.fingerprint.min.hash", "crc32"),
            Map.of("media.sdes.unknown", "1"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MediaKeyingConfig.from(bad));
            assertEquals(true, e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
        }
    }
}
