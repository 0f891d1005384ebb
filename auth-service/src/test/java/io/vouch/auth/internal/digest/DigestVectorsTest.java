package io.vouch.auth.internal.digest;

import io.vouch.auth.internal.credentials.CredentialStore;
import io.vouch.auth.internal.credentials.InMemoryCredentialStore;
import io.vouch.auth.internal.credentials.UserCredentials;
import io.vouch.auth.internal.lockout.LockoutPolicy;
import io.vouch.auth.internal.nonce.NonceKey;
import io.vouch.auth.internal.nonce.NonceKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.runtime.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DigestVectorsTest {

    static Stream<JsonObject> vectors() throws IOException {
        try (InputStream in = DigestVectorsTest.class.getResourceAsStream("/vectors/rfc-vectors.json")) {
            JsonArray arr = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getJsonArray("vectors");
            return arr.stream().map(JsonObject.class::cast).toList().stream();
        }
    }

    private static DigestAlgorithm algorithm(JsonObject v) {
        return DigestAlgorithm.fromToken(v.getString("algorithm")).orElseThrow();
    }

    @ParameterizedTest(name = "vector {index}")
    @MethodSource("vectors")
    void computesTheExpectedHa1Ha2AndResponse(JsonObject v) {
        DigestAlgorithm alg = algorithm(v);
        Qop qop = Qop.fromToken(v.getString("qop")).orElseThrow();
        String ha1 = DigestMath.ha1(alg, v.getString("username_for_hash"), v.getString("realm"),
                v.getString("password"));
        String ha2 = DigestMath.ha2(alg, qop, v.getString("method"), v.getString("uri"), new byte[0]);
        if (v.containsKey("expected_ha1")) {
            assertEquals(v.getString("expected_ha1"), ha1);
        }
        if (v.containsKey("expected_ha2")) {
            assertEquals(v.getString("expected_ha2"), ha2);
        }
        String response = DigestMath.response(alg, ha1, v.getString("nonce"), v.getString("nc"),
                v.getString("cnonce"), qop, ha2);
        assertEquals(v.getString("expected_response"), response);
        if (v.containsKey("published_erroneous_response")) {
            assertNotEquals(v.getString("published_erroneous_response"), response);
        }
    }

    @ParameterizedTest(name = "vector {index}")
    @MethodSource("vectors")
    void verifiesTheVectorResponseAndRejectsAWrongPassword(JsonObject v) {
        DigestAlgorithm alg = algorithm(v);
        String realm = v.getString("realm");
        String user = v.getString("username_for_hash");
        boolean userhash = v.getBoolean("userhash", false);
        InMemoryCredentialStore store = new InMemoryCredentialStore(userhash);
        store.put(new UserCredentials(realm, user, Map.of(alg, DigestMath.ha1(alg, user, realm,
                v.getString("password"))), Instant.EPOCH));
        DigestCredentials creds = credentials(v);
        if (userhash) {
            assertEquals(v.getString("expected_userhash"), DigestMath.userhash(alg, user, realm));
            assertEquals(v.getString("expected_userhash"), creds.username());
        } else {
            assertEquals(user, creds.username());
        }
        DigestPolicy policy = new DigestPolicy(List.of(alg), true, EnumSet.allOf(Qop.class), false, userhash);
        // The vector's nonce is not one of ours: a correct response over a foreign nonce is answered stale (the
        // client retries with our nonce), a wrong one is a bad response. So STALE proves the response verified.
        AuthResult ok = authenticator(policy, store).authenticate(attempt(v, realm, creds));
        assertEquals(AuthOutcome.STALE, ok.outcome(), ok.detail());

        InMemoryCredentialStore wrong = new InMemoryCredentialStore(userhash);
        wrong.put(new UserCredentials(realm, user, Map.of(alg, DigestMath.ha1(alg, user, realm,
                v.getString("password") + "x")), Instant.EPOCH));
        assertEquals(AuthOutcome.BAD_RESPONSE, authenticator(policy, wrong).authenticate(attempt(v, realm, creds))
                .outcome());
    }

    @Test
    void decodesTheExtendedUsernameOfRfc7616Example() throws IOException {
        JsonObject v = vectors().filter(x -> x.containsKey("username_star")).findFirst().orElseThrow();
        var parsed = DigestCredentials.parse("Digest username*=" + v.getString("username_star")
                + ", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"00\"");
        DigestCredentials c = assertInstanceOf(DigestCredentials.Parsed.class, parsed).credentials();
        assertEquals(v.getString("username"), c.username());
        assertEquals(v.getString("username_utf8_hex"),
                HexFormat.of().formatHex(c.username().getBytes(StandardCharsets.UTF_8)));
    }

    private static DigestCredentials credentials(JsonObject v) {
        if (v.containsKey("authorization")) {
            String header = v.getString("authorization");
            String value = header.substring(header.indexOf(':') + 1);
            return assertInstanceOf(DigestCredentials.Parsed.class, DigestCredentials.parse(value)).credentials();
        }
        String value = "Digest username=\"" + v.getString("expected_userhash") + "\", realm=\"" + v.getString("realm")
                + "\", uri=\"" + v.getString("uri") + "\", algorithm=" + v.getString("algorithm") + ", nonce=\""
                + v.getString("nonce") + "\", nc=" + v.getString("nc") + ", cnonce=\"" + v.getString("cnonce")
                + "\", qop=" + v.getString("qop") + ", response=\"" + v.getString("expected_response")
                + "\", opaque=\"" + v.getString("opaque") + "\", userhash=true";
        return assertInstanceOf(DigestCredentials.Parsed.class, DigestCredentials.parse(value)).credentials();
    }

    private static AuthAttempt attempt(JsonObject v, String realm, DigestCredentials creds) {
        return new AuthAttempt(v.getString("method"), v.getString("uri"), new byte[0], realm, Optional.of(creds),
                "192.0.2.1", 0, "tx-1", List.of());
    }

    private static DigestAuthenticator authenticator(DigestPolicy policy, CredentialStore store) {
        return new DigestAuthenticator(policy, NonceKeys.of(new NonceKey(1, new byte[32])), Duration.ofMinutes(5),
                store, LockoutPolicy.defaults(), 1000, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")),
                new SecureRandom());
    }
}
