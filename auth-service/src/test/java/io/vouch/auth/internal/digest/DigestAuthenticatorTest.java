package io.vouch.auth.internal.digest;

import io.vouch.auth.internal.credentials.InMemoryCredentialStore;
import io.vouch.auth.internal.credentials.UserCredentials;
import io.vouch.auth.internal.lockout.LockoutPolicy;
import io.vouch.auth.internal.nonce.NonceKey;
import io.vouch.auth.internal.nonce.NonceKeys;
import io.vouch.runtime.testing.MutableClock;
import io.vouch.sip.AuthHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {
    private static final String REALM = "example.com";
    private static final String URI = "sip:example.com";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryCredentialStore store = new InMemoryCredentialStore(false);
    private DigestAuthenticator auth = authenticator(DigestPolicy.defaults(), LockoutPolicy.defaults());

    DigestAuthenticatorTest() {
        provision("alice", "correct horse");
    }

    private void provision(String user, String password) {
        Map<DigestAlgorithm, String> ha1 = new EnumMap<>(DigestAlgorithm.class);
        for (DigestAlgorithm a : List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256, DigestAlgorithm.SHA_512_256)) {
            ha1.put(a, DigestMath.ha1(a, user, REALM, password));
        }
        store.put(new UserCredentials(REALM, user, ha1, T0));
    }

    private DigestAuthenticator authenticator(DigestPolicy policy, LockoutPolicy lockout) {
        return new DigestAuthenticator(policy, NonceKeys.of(new NonceKey(7, new byte[32])), Duration.ofMinutes(5),
                store, lockout, 1000, clock, new SecureRandom());
    }

    private static AuthAttempt attempt(String method, String authorization, String source, String requestId,
                                       byte[] body, List<String> claimed) {
        Optional<DigestCredentials> creds = authorization == null ? Optional.empty()
                : Optional.of(assertInstanceOf(DigestCredentials.Parsed.class,
                        DigestCredentials.parse(authorization)).credentials());
        return new AuthAttempt(method, URI, body, REALM, creds, source, 0, requestId, claimed);
    }

    private static AuthAttempt register(String authorization) {
        return attempt("REGISTER", authorization, "192.0.2.10", "tx-" + System.nanoTime(), new byte[0],
                List.of("alice"));
    }

    private String challengeValue(String algorithm) {
        // fetched from a source of its own, so lock-out tests can still obtain nonces
        AuthResult r = auth.authenticate(attempt("REGISTER", null, "198.51.100.250", "c", new byte[0], List.of()));
        return r.challenge().orElseThrow().headerValues().stream()
                .filter(v -> v.contains("algorithm=" + algorithm + ",") || v.endsWith("algorithm=" + algorithm))
                .findFirst().orElseThrow();
    }

    private String answer(String algorithm, String password, int nc) {
        return DigestClient.authorize(challengeValue(algorithm.replace("-sess", "")), algorithm, "alice", password,
                "REGISTER", URI, new byte[0], nc, "c0ffee", "auth");
    }

    @Test
    void challengesWithOneHeaderPerAlgorithmStrongestFirst() {
        AuthResult r = auth.authenticate(register(null));
        assertEquals(AuthOutcome.CHALLENGE, r.outcome());
        List<String> values = r.challenge().orElseThrow().headerValues();
        assertEquals(3, values.size());
        List<String> algorithms = values.stream().map(v -> AuthHeader.parse(v).orElseThrow().params()
                .get("algorithm")).toList();
        assertEquals(List.of("SHA-512-256", "SHA-256", "MD5"), algorithms);
        for (String v : values) {
            Map<String, String> p = AuthHeader.parse(v).orElseThrow().params();
            assertEquals(REALM, p.get("realm"));
            assertEquals("auth,auth-int", p.get("qop"));
            assertEquals(r.challenge().get().nonce(), p.get("nonce"));
            assertTrue(p.containsKey("opaque"));
            assertFalse(p.containsKey("stale"));
        }
        assertEquals(401, r.outcome().status("REGISTER"));
        assertEquals(407, r.outcome().status("INVITE"));
    }

    @Test
    void challengesInTheConfiguredPreferenceOrder() {
        auth = authenticator(new DigestPolicy(List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256), true,
                EnumSet.allOf(Qop.class), false, false), LockoutPolicy.defaults());
        List<String> algorithms = auth.authenticate(register(null)).challenge().orElseThrow().headerValues().stream()
                .map(v -> AuthHeader.parse(v).orElseThrow().params().get("algorithm")).toList();
        // RFC 8760 §2.4: the order is the server's preference; clients that read only the first get MD5
        assertEquals(List.of("MD5", "SHA-256"), algorithms);
    }

    @Test
    void acceptsEveryOfferedAlgorithmAndItsSessVariant() {
        for (String alg : List.of("SHA-512-256", "SHA-256", "MD5", "SHA-512-256-sess", "SHA-256-sess", "MD5-sess")) {
            AuthResult r = auth.authenticate(register(answer(alg, "correct horse", 1)));
            assertEquals(AuthOutcome.OK, r.outcome(), alg + ": " + r.detail());
            assertEquals("alice@example.com", r.identity().orElseThrow().toString());
            assertEquals(alg, r.identity().get().algorithm().token());
        }
    }

    @Test
    void rechallengesAWrongPasswordAndAnUnknownUserIdentically() {
        AuthResult wrong = auth.authenticate(register(answer("SHA-256", "wrong", 1)));
        String unknownAuth = DigestClient.authorize(challengeValue("SHA-256"), "SHA-256", "mallory", "x",
                "REGISTER", URI, new byte[0], 1, "c0ffee", "auth");
        AuthResult unknown = auth.authenticate(attempt("REGISTER", unknownAuth, "192.0.2.11", "t", new byte[0],
                List.of("mallory")));
        assertEquals(AuthOutcome.BAD_RESPONSE, wrong.outcome());
        assertEquals(AuthOutcome.UNKNOWN_USER, unknown.outcome());
        assertEquals(wrong.outcome().status("REGISTER"), unknown.outcome().status("REGISTER"));
        assertEquals(wrong.outcome().reason("REGISTER"), unknown.outcome().reason("REGISTER"));
        assertEquals(shape(wrong.challenge().orElseThrow()), shape(unknown.challenge().orElseThrow()));
    }

    @Test
    void givesUnknownUsersTheSameChallengeShapeAsKnownOnes() {
        String known = DigestClient.authorize(challengeValue("MD5"), "MD5", "alice", "wrong", "REGISTER", URI,
                new byte[0], 1, "c", "auth");
        String unknown = DigestClient.authorize(challengeValue("MD5"), "MD5", "nobody", "wrong", "REGISTER", URI,
                new byte[0], 1, "c", "auth");
        assertEquals(shape(auth.authenticate(register(known)).challenge().orElseThrow()),
                shape(auth.authenticate(register(unknown)).challenge().orElseThrow()));
    }

    /** Header values with the nonce blanked: what a client could compare between two answers. */
    private static List<String> shape(Challenge c) {
        return c.headerValues().stream().map(v -> v.replace(c.nonce(), "N")).toList();
    }

    @Test
    void answersAnExpiredNonceWithACorrectResponseAsStale() {
        String authorization = answer("SHA-256", "correct horse", 1);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        AuthResult r = auth.authenticate(register(authorization));
        assertEquals(AuthOutcome.STALE, r.outcome());
        assertTrue(r.challenge().orElseThrow().headerValues().stream().allMatch(v -> v.endsWith("stale=true")));
    }

    @Test
    void answersAnExpiredNonceWithAWrongResponseAsABadResponse() {
        String authorization = answer("SHA-256", "wrong", 1);
        clock.advance(Duration.ofMinutes(6));
        assertEquals(AuthOutcome.BAD_RESPONSE, auth.authenticate(register(authorization)).outcome());
    }

    @Test
    void answersATamperedNonceStaleOnlyWhenTheResponseWasComputedOverIt() {
        String challenge = challengeValue("SHA-256");
        String nonce = AuthHeader.parse(challenge).orElseThrow().params().get("nonce");
        String tamperedNonce = (nonce.charAt(10) == 'A' ? 'B' : 'A') + "";
        tamperedNonce = nonce.substring(0, 10) + tamperedNonce + nonce.substring(11);
        String authorization = DigestClient.authorize(challenge, "SHA-256", "alice", "correct horse", "REGISTER",
                URI, new byte[0], 1, "c", "auth");
        // in transit: the response no longer matches the nonce
        assertEquals(AuthOutcome.BAD_RESPONSE,
                auth.authenticate(register(authorization.replace(nonce, tamperedNonce))).outcome());
        // forged by someone who knows the password: the nonce is not ours, so a fresh one is demanded
        String forged = DigestClient.authorize(challenge.replace(nonce, tamperedNonce), "SHA-256", "alice",
                "correct horse", "REGISTER", URI, new byte[0], 1, "c", "auth");
        assertEquals(AuthOutcome.STALE, auth.authenticate(register(forged)).outcome());
    }

    @Test
    void rejectsARepeatedNonceCountAsAReplay() {
        String challenge = challengeValue("SHA-256");
        String first = DigestClient.authorize(challenge, "SHA-256", "alice", "correct horse", "REGISTER", URI,
                new byte[0], 1, "c", "auth");
        String second = DigestClient.authorize(challenge, "SHA-256", "alice", "correct horse", "REGISTER", URI,
                new byte[0], 2, "c", "auth");
        assertEquals(AuthOutcome.OK, auth.authenticate(register(first)).outcome());
        assertEquals(AuthOutcome.OK, auth.authenticate(register(second)).outcome());
        AuthResult replay = auth.authenticate(register(first));
        assertEquals(AuthOutcome.REPLAY, replay.outcome());
        assertTrue(replay.outcome().stale());
        assertEquals(AuthOutcome.REPLAY, auth.authenticate(register(second)).outcome());
    }

    @Test
    void givesARedeliveredRecordTheSameOutcomeInsteadOfAReplay() {
        String authorization = answer("SHA-256", "correct horse", 1);
        AuthAttempt a = attempt("REGISTER", authorization, "192.0.2.10", "z9hG4bK-1", new byte[0], List.of("alice"));
        assertEquals(AuthOutcome.OK, auth.authenticate(a).outcome());
        assertEquals(AuthOutcome.OK, auth.authenticate(a).outcome());
        AuthAttempt otherTransaction = attempt("REGISTER", authorization, "192.0.2.10", "z9hG4bK-2", new byte[0],
                List.of("alice"));
        assertEquals(AuthOutcome.REPLAY, auth.authenticate(otherTransaction).outcome());
    }

    @Test
    void bindsTheBodyWithAuthInt() {
        byte[] body = "v=0\r\no=alice 1 1 IN IP4 192.0.2.10\r\n".getBytes(StandardCharsets.UTF_8);
        String authorization = DigestClient.authorize(challengeValue("SHA-512-256"), "SHA-512-256", "alice",
                "correct horse", "INVITE", URI, body, 1, "c", "auth-int");
        AuthResult ok = auth.authenticate(attempt("INVITE", authorization, "192.0.2.10", "t1", body, List.of()));
        assertEquals(AuthOutcome.OK, ok.outcome(), ok.detail());
        byte[] altered = "v=0\r\no=alice 1 1 IN IP4 203.0.113.66\r\n".getBytes(StandardCharsets.UTF_8);
        String again = DigestClient.authorize(challengeValue("SHA-512-256"), "SHA-512-256", "alice",
                "correct horse", "INVITE", URI, body, 1, "c", "auth-int");
        assertEquals(AuthOutcome.BAD_RESPONSE,
                auth.authenticate(attempt("INVITE", again, "192.0.2.10", "t2", altered, List.of())).outcome());
    }

    @Test
    void refusesTheRfc2069FormUnlessConfigured() {
        String legacy = DigestClient.authorize(challengeValue("MD5"), "MD5", "alice", "correct horse", "REGISTER",
                URI, new byte[0], 0, null, null);
        assertEquals(AuthOutcome.MALFORMED, auth.authenticate(register(legacy)).outcome());

        auth = authenticator(new DigestPolicy(List.of(DigestAlgorithm.MD5), false, EnumSet.allOf(Qop.class), true,
                false), LockoutPolicy.defaults());
        String legacyAgain = DigestClient.authorize(challengeValue("MD5"), "MD5", "alice", "correct horse",
                "REGISTER", URI, new byte[0], 0, null, null);
        assertEquals(AuthOutcome.OK, auth.authenticate(register(legacyAgain)).outcome());
    }

    @Test
    void rechallengesAnAlgorithmThatIsNotOffered() {
        auth = authenticator(new DigestPolicy(List.of(DigestAlgorithm.SHA_256), false, EnumSet.of(Qop.AUTH), false,
                false), LockoutPolicy.defaults());
        String challenge = challengeValue("SHA-256");
        for (String alg : List.of("MD5", "SHA-256-sess")) {
            String a = DigestClient.authorize(challenge, alg, "alice", "correct horse", "REGISTER", URI,
                    new byte[0], 1, "c", "auth");
            assertEquals(AuthOutcome.ALGORITHM_NOT_ALLOWED, auth.authenticate(register(a)).outcome(), alg);
        }
        String authInt = DigestClient.authorize(challenge, "SHA-256", "alice", "correct horse", "REGISTER", URI,
                new byte[0], 1, "c", "auth-int");
        assertEquals(AuthOutcome.MALFORMED, auth.authenticate(register(authInt)).outcome());
    }

    @Test
    void requiresTheDigestUriToBeTheRequestUri() {
        String a = DigestClient.authorize(challengeValue("SHA-256"), "SHA-256", "alice", "correct horse",
                "REGISTER", "sip:other.example.net", new byte[0], 1, "c", "auth");
        AuthResult r = auth.authenticate(register(a));
        assertEquals(AuthOutcome.URI_MISMATCH, r.outcome());
        assertEquals(400, r.outcome().status("REGISTER"));
    }

    @Test
    void rechallengesCredentialsForAnotherRealm() {
        String a = answer("SHA-256", "correct horse", 1).replace("realm=\"example.com\"", "realm=\"example.net\"");
        assertEquals(AuthOutcome.REALM_MISMATCH, auth.authenticate(register(a)).outcome());
    }

    @Test
    void forbidsARegisterForAnotherUsersAddress() {
        AuthResult r = auth.authenticate(attempt("REGISTER", answer("SHA-256", "correct horse", 1), "192.0.2.10",
                "t", new byte[0], List.of("bob")));
        assertEquals(AuthOutcome.IDENTITY_MISMATCH, r.outcome());
        assertEquals(403, r.outcome().status("REGISTER"));
    }

    @Test
    void answersNoncesIssuedBeforeThePartitionWasAssignedAsStale() {
        String authorization = answer("SHA-256", "correct horse", 1);
        clock.advance(Duration.ofSeconds(2));
        var parsed = ((DigestCredentials.Parsed) DigestCredentials.parse(authorization)).credentials();
        AuthAttempt afterRebalance = new AuthAttempt("REGISTER", URI, new byte[0], REALM, Optional.of(parsed),
                "192.0.2.10", clock.millis() - 1000, "t", List.of("alice"));
        assertEquals(AuthOutcome.STALE, auth.authenticate(afterRebalance).outcome());
    }

    @Test
    void locksOutASourceAfterRepeatedFailuresAndLetsItBackAfterTheCoolingOff() {
        auth = authenticator(DigestPolicy.defaults(), new LockoutPolicy(3, 0, Duration.ofMinutes(1),
                Duration.ofMinutes(10), 100, 4));
        for (int i = 0; i < 3; i++) {
            AuthResult r = auth.authenticate(register(answer("SHA-256", "guess" + i, 1)));
            assertEquals(AuthOutcome.BAD_RESPONSE, r.outcome());
            assertEquals(i == 2 ? Optional.of("source") : Optional.empty(), r.newLockout());
        }
        AuthResult locked = auth.authenticate(register(answer("SHA-256", "correct horse", 1)));
        assertEquals(AuthOutcome.LOCKED_OUT, locked.outcome());
        assertEquals(503, locked.outcome().status("REGISTER"));
        assertEquals(600, locked.retryAfterSeconds());
        // other sources are unaffected
        AuthResult elsewhere = auth.authenticate(attempt("REGISTER", answer("SHA-256", "correct horse", 1),
                "198.51.100.7", "t", new byte[0], List.of("alice")));
        assertEquals(AuthOutcome.OK, elsewhere.outcome());

        clock.advance(Duration.ofMinutes(9));
        assertEquals(60, auth.authenticate(register(null)).retryAfterSeconds());
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertEquals(AuthOutcome.OK, auth.authenticate(register(answer("SHA-256", "correct horse", 1))).outcome());
    }

    @Test
    void locksAUserAgainstNewSourcesButNotAgainstItsOwnDevices() {
        auth = authenticator(DigestPolicy.defaults(), new LockoutPolicy(0, 5, Duration.ofMinutes(1),
                Duration.ofMinutes(10), 100, 4));
        String phone = "192.0.2.10";
        assertEquals(AuthOutcome.OK, auth.authenticate(register(answer("SHA-256", "correct horse", 1))).outcome());
        for (int i = 0; i < 5; i++) {
            String attacker = "203.0.113." + i;
            assertEquals(AuthOutcome.BAD_RESPONSE, auth.authenticate(attempt("REGISTER",
                    answer("SHA-256", "guess" + i, 1), attacker, "t" + i, new byte[0], List.of("alice"))).outcome());
        }
        AuthResult attacker = auth.authenticate(attempt("REGISTER", answer("SHA-256", "correct horse", 1),
                "203.0.113.99", "t", new byte[0], List.of("alice")));
        assertEquals(AuthOutcome.LOCKED_OUT, attacker.outcome());
        AuthResult own = auth.authenticate(attempt("REGISTER", answer("SHA-256", "correct horse", 1), phone, "t",
                new byte[0], List.of("alice")));
        assertEquals(AuthOutcome.OK, own.outcome());
    }

    @Test
    void forgetsFailuresOutsideTheWindow() {
        auth = authenticator(DigestPolicy.defaults(), new LockoutPolicy(3, 0, Duration.ofMinutes(1),
                Duration.ofMinutes(10), 100, 4));
        for (int i = 0; i < 2; i++) {
            auth.authenticate(register(answer("SHA-256", "guess" + i, 1)));
        }
        clock.advance(Duration.ofMinutes(3));
        AuthResult r = auth.authenticate(register(answer("SHA-256", "guess", 1)));
        assertEquals(AuthOutcome.BAD_RESPONSE, r.outcome());
        assertEquals(Optional.empty(), r.newLockout());
    }

    @Test
    void acceptsNoncesOfThePreviousKeyAfterRotationAndAnswersOlderOnesStale() {
        NonceKey k7 = new NonceKey(7, new byte[32]);
        NonceKey k8 = new NonceKey(8, "another secret of 32 bytes......".getBytes(StandardCharsets.US_ASCII));
        NonceKey k9 = new NonceKey(9, "and a third secret of 32 bytes..".getBytes(StandardCharsets.US_ASCII));
        String underK7 = answer("SHA-256", "correct horse", 1);
        auth.setNonceKeys(NonceKeys.of(k7).rotate(k8));
        String underK8 = answer("SHA-256", "correct horse", 1);
        assertEquals(AuthOutcome.OK, auth.authenticate(register(underK7)).outcome());
        auth.setNonceKeys(NonceKeys.of(k8).rotate(k9));
        String k7Again = underK7.replace("nc=00000001", "nc=00000002");
        assertEquals(AuthOutcome.BAD_RESPONSE, auth.authenticate(register(k7Again)).outcome(),
                "nc is covered by the response");
        String k7Next = DigestClient.authorize(underK7, "SHA-256",
                "alice", "correct horse", "REGISTER", URI, new byte[0], 2, "c0ffee", "auth");
        assertEquals(AuthOutcome.STALE, auth.authenticate(register(k7Next)).outcome());
        assertEquals(AuthOutcome.OK, auth.authenticate(register(underK8)).outcome());
    }
}
