package io.vouch.auth.internal.nonce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.runtime.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NonceServiceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static NonceKey key(int id) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) id);
        return new NonceKey(id, secret);
    }

    private final MutableClock clock = new MutableClock(T0);
    private final NonceService service = new NonceService(NonceKeys.of(key(1)), Duration.ofSeconds(30), clock,
            new SecureRandom());

    @Test
    void acceptsItsOwnNonceWithinTheTtlAndReportsWhenItWasIssued() {
        String nonce = service.mint("example.com");
        assertTrue(nonce.matches("[A-Za-z0-9_-]{52}"), nonce);
        clock.set(T0.plusSeconds(29));
        assertEquals(new NonceService.Valid(T0.toEpochMilli()), service.check(nonce, "example.com"));
    }

    @Test
    void mintsADifferentNonceEveryTime() {
        assertNotEquals(service.mint("example.com"), service.mint("example.com"));
    }

    @Test
    void reportsAnAuthenticNonceOlderThanTheTtlAsExpired() {
        String nonce = service.mint("example.com");
        clock.set(T0.plusSeconds(31));
        assertEquals(new NonceService.Expired(T0.toEpochMilli()), service.check(nonce, "example.com"));
    }

    @Test
    void isVerifiableByAnotherReplicaHoldingTheSameKey() {
        String nonce = service.mint("example.com");
        NonceService other = new NonceService(NonceKeys.of(key(1)), Duration.ofSeconds(30), clock,
                new SecureRandom());
        assertInstanceOf(NonceService.Valid.class, other.check(nonce, "example.com"));
    }

    @Test
    void acceptsThePreviousKeyAfterRotationAndRejectsAnOlderOne() {
        String withKey1 = service.mint("example.com");
        service.setKeys(NonceKeys.of(key(1)).rotate(key(2)));
        String withKey2 = service.mint("example.com");
        assertInstanceOf(NonceService.Valid.class, service.check(withKey1, "example.com"));
        assertInstanceOf(NonceService.Valid.class, service.check(withKey2, "example.com"));

        service.setKeys(NonceKeys.of(key(2)).rotate(key(3)));
        assertEquals(new NonceService.Invalid("unknown key"), service.check(withKey1, "example.com"));
        assertInstanceOf(NonceService.Valid.class, service.check(withKey2, "example.com"));
    }

    @Test
    void rejectsEveryTamperedCharacter() {
        String nonce = service.mint("example.com");
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            char replacement = c == 'A' ? 'B' : 'A';
            String tampered = nonce.substring(0, i) + replacement + nonce.substring(i + 1);
            assertInstanceOf(NonceService.Invalid.class, service.check(tampered, "example.com"), "position " + i);
        }
    }

    @Test
    void rejectsANonceMintedForAnotherRealm() {
        String nonce = service.mint("example.com");
        assertEquals(new NonceService.Invalid("mac"), service.check(nonce, "example.net"));
    }

    @Test
    void rejectsAForeignOrGarbledNonce() {
        assertEquals(new NonceService.Invalid("length"), service.check("dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "example.com"));
        assertEquals(new NonceService.Invalid("encoding"), service.check("!".repeat(52), "example.com"));
    }

    @Test
    void rejectsANonceMintedByAReplicaWhoseClockRunsFarAhead() {
        clock.set(T0.plusSeconds(60));
        String future = service.mint("example.com");
        clock.set(T0);
        assertEquals(new NonceService.Invalid("future"), service.check(future, "example.com"));
    }
}
