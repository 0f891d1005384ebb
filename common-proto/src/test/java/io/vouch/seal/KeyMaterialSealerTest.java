package io.vouch.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vouch.proto.SealedSecrets;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyMaterialSealerTest {
    private static final String KEY1 = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
    private static final String KEY2 = "PS1uQCVeeCFCanVmcHR3KyhTEKGmCXo8o1VBgZrM"; // unpadded-length variant
    private static final String MIKEY = "AQAFgM0XflABAAAAAAAAAAAAAAsAyO7bsGzSiF4e";
    private static final String INVITE = """
            INVITE sip:bob@example.com SIP/2.0\r
            Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r
            From: <sip:alice@example.com>;tag=1\r
            To: <sip:bob@example.com>\r
            Call-ID: c1\r
            CSeq: 1 INVITE\r
            Subject: a=crypto:1 X inline:notAKeyInAHeader\r
            Content-Type: application/sdp\r
            Content-Length: 0\r
            \r
            v=0\r
            o=- 1 1 IN IP4 192.0.2.1\r
            s=-\r
            t=0 0\r
            m=audio 4000 RTP/SAVP 0\r
            a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:%s|2^20|1:4;inline:%s|2^20|2:4\r
            A=CRYPTO:2 AES_CM_128_HMAC_SHA1_32 INLINE:%s\r
            a=key-mgmt:mikey %s\r
            """.formatted(KEY1, KEY2, KEY2, MIKEY);

    private static SealKey key(int id, int fill) {
        byte[] s = new byte[32];
        java.util.Arrays.fill(s, (byte) fill);
        return new SealKey(id, s);
    }

    private final KeyMaterialSealer sealer = new KeyMaterialSealer(new SealKeys(key(1, 7), Optional.empty()),
            new SecureRandom());

    @Test
    void cutsEveryInlineKeyAndMikeyPayloadOutOfTheBodyAndRestoresThem() {
        byte[] sip = INVITE.getBytes(StandardCharsets.US_ASCII);
        KeyMaterialSealer.Sealed sealed = sealer.seal(sip);
        String redacted = new String(sealed.sip(), StandardCharsets.US_ASCII);
        assertEquals(sip.length, sealed.sip().length);
        for (String secret : List.of(KEY1, KEY2, MIKEY)) {
            assertFalse(redacted.contains(secret), secret);
            assertFalse(contains(sealed.secrets().orElseThrow().toByteArray(), secret.getBytes()), secret);
            assertFalse(contains(sealed.secrets().orElseThrow().toByteArray(), Base64.getDecoder().decode(secret)));
        }
        assertTrue(redacted.contains("inline:" + "*".repeat(KEY1.length()) + "|2^20|1:4;inline:"), redacted);
        assertTrue(redacted.contains("INLINE:" + "*".repeat(KEY2.length()) + "\r\n"), redacted);
        assertTrue(redacted.contains("a=key-mgmt:mikey " + "*".repeat(MIKEY.length()) + "\r\n"), redacted);
        assertTrue(redacted.contains("inline:notAKeyInAHeader"), "headers are not body");
        var restored = assertInstanceOf(KeyMaterialSealer.Unsealed.Restored.class,
                sealer.unseal(sealed.sip(), sealed.secrets().orElseThrow()));
        assertArrayEquals(sip, restored.sip());
    }

    @Test
    void leavesMessagesWithoutKeyMaterialAlone() {
        byte[] sip = "OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        KeyMaterialSealer.Sealed sealed = sealer.seal(sip);
        assertSame(sip, sealed.sip());
        assertTrue(sealed.secrets().isEmpty());
    }

    @Test
    void refusesABlobMovedToAnotherMessageOrTamperedWith() {
        KeyMaterialSealer.Sealed sealed = sealer.seal(INVITE.getBytes(StandardCharsets.US_ASCII));
        byte[] other = sealed.sip().clone();
        other[0] = 'X';
        assertInstanceOf(KeyMaterialSealer.Unsealed.Failed.class, sealer.unseal(other, sealed.secrets().orElseThrow()));
        SealedSecrets s = sealed.secrets().orElseThrow();
        byte[] ct = s.getCiphertext().toByteArray();
        ct[3] ^= 1;
        assertInstanceOf(KeyMaterialSealer.Unsealed.Failed.class,
                sealer.unseal(sealed.sip(), s.toBuilder().setCiphertext(ByteString.copyFrom(ct)).build()));
        assertInstanceOf(KeyMaterialSealer.Unsealed.Failed.class,
                sealer.unseal(sealed.sip(), s.toBuilder().setNonce(ByteString.copyFrom(new byte[3])).build()));
    }

    @Test
    void opensWithThePreviousKeyAfterARotationAndNotWithAnUnknownOne() {
        KeyMaterialSealer.Sealed old = sealer.seal(INVITE.getBytes(StandardCharsets.US_ASCII));
        KeyMaterialSealer rotated = new KeyMaterialSealer(new SealKeys(key(2, 9), Optional.of(key(1, 7))),
                new SecureRandom());
        assertInstanceOf(KeyMaterialSealer.Unsealed.Restored.class,
                rotated.unseal(old.sip(), old.secrets().orElseThrow()));
        assertEquals(2, rotated.seal(INVITE.getBytes(StandardCharsets.US_ASCII)).secrets().orElseThrow().getKeyId());
        KeyMaterialSealer stranger = new KeyMaterialSealer(new SealKeys(key(3, 1), Optional.empty()),
                new SecureRandom());
        assertInstanceOf(KeyMaterialSealer.Unsealed.Failed.class,
                stranger.unseal(old.sip(), old.secrets().orElseThrow()));
    }

    @Test
    void parsesConfiguredKeysAndRejectsBadOnesWithoutEchoingThem() {
        String secret = Base64.getEncoder().encodeToString(new byte[32]);
        SealKeys keys = SealKeys.parse(List.of("5:" + secret, "4:" + secret)).orElseThrow();
        assertEquals(5, keys.current().id());
        assertEquals(4, keys.previous().orElseThrow().id());
        assertTrue(SealKeys.parse(List.of()).isEmpty());
        var e = assertThrows(IllegalArgumentException.class, () -> SealKey.parse("1:" + "QUJD"));
        assertFalse(e.getMessage().contains("QUJD"));
        assertThrows(IllegalArgumentException.class, () -> SealKeys.parse(List.of("1:" + secret, "1:" + secret)));
        assertFalse(keys.current().toString().contains(secret));
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        return new String(hay, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1));
    }
}
