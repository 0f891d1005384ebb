package io.vouch.auth.internal.digest;

import io.vouch.auth.internal.credentials.CredentialStore;
import io.vouch.auth.internal.credentials.UserCredentials;
import io.vouch.auth.internal.lockout.LockoutPolicy;
import io.vouch.auth.internal.nonce.NonceKeys;
import io.vouch.auth.internal.lockout.BruteForceGuard;
import io.vouch.auth.internal.nonce.NonceCounters;
import io.vouch.auth.internal.nonce.NonceService;
import io.vouch.auth.internal.lockout.SourceKeys;
import io.vouch.proto.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies SIP digest credentials (RFC 3261 §22.4, RFC 7616 §3.4, RFC 8760): stateless nonces, nc replay
 * protection, constant-time comparison, the same work for unknown users as for known ones (a random stand-in HA1),
 * and brute-force lock-out; plain Java, no I/O. Not thread-safe beyond its synchronized parts; one per stage.
 */
public final class DigestAuthenticator {
    /** Nonces tracked per user for replay protection (a user may have a few devices). */
    private static final int NONCES_PER_USER = 8;

    private final DigestPolicy policy;
    private final NonceService nonces;
    private final DigestChallenger challenger;
    private final CredentialStore store;
    private final NonceCounters counters;
    private final BruteForceGuard guard;
    private final Clock clock;
    private final Map<DigestAlgorithm, String> standInHa1 = new EnumMap<>(DigestAlgorithm.class);

    /**
     * @param replayMaxUsers users whose nonce counters are kept; beyond that the least recently used are forgotten
     *                       and their outstanding nonces answered stale
     */
    public DigestAuthenticator(DigestPolicy policy, NonceKeys keys, Duration nonceTtl, CredentialStore store,
                               LockoutPolicy lockout, int replayMaxUsers, Clock clock, SecureRandom random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nonces = new NonceService(keys, nonceTtl, clock, random);
        this.challenger = new DigestChallenger(policy, nonces);
        this.counters = new NonceCounters(replayMaxUsers, NONCES_PER_USER, nonceTtl.toMillis());
        this.guard = new BruteForceGuard(new BruteForceGuard.Settings(lockout.sourceThreshold(),
                lockout.userThreshold(), lockout.window().toMillis(), lockout.cooloff().toMillis(),
                lockout.maxTracked(), lockout.trustedSourcesPerUser()));
        for (DigestAlgorithm alg : DigestAlgorithm.values()) {
            if (!alg.session()) {
                byte[] b = new byte[alg.hexLength() / 2];
                random.nextBytes(b);
                standInHa1.put(alg, HexFormat.of().formatHex(b));
            }
        }
    }

    /** Rotates the nonce keys (current + previous) without a restart. */
    public void setNonceKeys(NonceKeys keys) {
        nonces.setKeys(keys);
    }

    /** A fresh challenge in {@code realm}, independent of any user. */
    public Challenge challenge(String realm, boolean stale) {
        return challenger.challenge(realm, stale);
    }

    /** Users with nonce counters and tracked brute-force entries, for gauges. */
    public int trackedUsers() {
        return counters.size();
    }

    public int trackedLockoutEntries() {
        return guard.tracked();
    }

    /**
     * The {@code realm/user} key of the user these credentials speak for: the record key under which requests
     * bearing them must reach this stage, so that one replica holds all of that user's nonce counters. A userhash is
     * resolved to the user it names (the hash itself when no user matches).
     */
    public String ownerKey(String realm, DigestCredentials c) {
        if (c.userhash()) {
            Optional<DigestAlgorithm> alg = c.algorithmToken().isEmpty() ? Optional.of(DigestAlgorithm.MD5)
                    : DigestAlgorithm.fromToken(c.algorithmToken().get());
            Optional<UserCredentials> u = alg.flatMap(a -> store.findByUserhash(realm, a, c.username()));
            if (u.isPresent()) {
                return Topics.userKey(realm, u.get().user());
            }
        }
        return Topics.userKey(realm, c.username());
    }

    /**
     * The nonce check and digest arithmetic of {@link #authenticate} on synthetic credentials, against a stand-in
     * HA1, reading and changing no state (no user look-up, nonce counter or failure count): a start-up warm-up.
     *
     * @return whether the response would have matched (for synthetic input: practically never)
     */
    public boolean rehearse(DigestCredentials c, String method, byte[] body) {
        DigestAlgorithm alg = c.algorithmToken().flatMap(DigestAlgorithm::fromToken).orElse(DigestAlgorithm.MD5);
        Qop qop = c.qopToken().flatMap(Qop::fromToken).orElse(null);
        String cnonce = c.cnonce().orElse("");
        String expected = DigestMath.response(alg, DigestMath.effectiveHa1(alg, standInHa1.get(alg.base()),
                        c.nonce(), cnonce), c.nonce(), c.nc().orElse(""), cnonce, qop,
                DigestMath.ha2(alg, qop, method, c.uri(), body));
        return nonces.check(c.nonce(), c.realm()) instanceof NonceService.Valid && expected.equals(c.response());
    }

    /** Authenticates one request; never throws on untrusted input. */
    public AuthResult authenticate(AuthAttempt a) {
        long now = clock.millis();
        String source = SourceKeys.of(a.sourceHost());
        if (a.credentials().isEmpty()) {
            Optional<BruteForceGuard.Block> block = guard.check(null, source, now);
            if (block.isPresent()) {
                return lockedOut(block.get());
            }
            return challenge(a, AuthOutcome.CHALLENGE, "no credentials");
        }
        DigestCredentials c = a.credentials().get();
        String claimedKey = Topics.userKey(c.realm(), c.username());
        Optional<BruteForceGuard.Block> block = guard.check(claimedKey, source, now);
        if (block.isPresent()) {
            return lockedOut(block.get());
        }
        if (!c.realm().equals(a.realm())) {
            return challenge(a, AuthOutcome.REALM_MISMATCH, "credentials for another realm");
        }
        Optional<DigestAlgorithm> alg = c.algorithmToken().isEmpty() ? Optional.of(DigestAlgorithm.MD5)
                : DigestAlgorithm.fromToken(c.algorithmToken().get());
        if (alg.isEmpty() || !policy.accepts(alg.get())) {
            return challenge(a, AuthOutcome.ALGORITHM_NOT_ALLOWED, "algorithm not offered");
        }
        if (c.userhash() && !policy.userhash()) {
            return challenge(a, AuthOutcome.ALGORITHM_NOT_ALLOWED, "userhash not offered");
        }
        Qop qop = null;
        if (c.qopToken().isPresent()) {
            Optional<Qop> q = Qop.fromToken(c.qopToken().get());
            if (q.isEmpty() || !policy.qops().contains(q.get())) {
                return status(AuthOutcome.MALFORMED, "qop not offered");
            }
            qop = q.get();
        } else if (!policy.allowRfc2069() || alg.get().session()) {
            return status(AuthOutcome.MALFORMED, "qop required");
        }
        if (!uriMatches(c.uri(), a.requestUri())) {
            return status(AuthOutcome.URI_MISMATCH, "digest uri is not the Request-URI");
        }
        return verifyResponse(a, c, alg.get(), qop, source, now);
    }

    private AuthResult verifyResponse(AuthAttempt a, DigestCredentials c, DigestAlgorithm alg, Qop qop,
                                      String source, long now) {
        Optional<UserCredentials> user = c.userhash()
                ? store.findByUserhash(a.realm(), alg, c.username())
                : store.find(a.realm(), c.username());
        Optional<String> ha1 = user.flatMap(u -> u.ha1For(alg));
        // Unknown users (or users without this algorithm) are checked against a random stand-in HA1: same work,
        // same answer as a wrong password.
        String stored = ha1.orElse(standInHa1.get(alg.base()));
        String cnonce = c.cnonce().orElse("");
        String nc = c.nc().orElse("");
        String expected = DigestMath.response(alg, DigestMath.effectiveHa1(alg, stored, c.nonce(), cnonce),
                c.nonce(), nc, cnonce, qop, DigestMath.ha2(alg, qop, a.method(), c.uri(), a.body()));
        boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                c.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        String userKey = Topics.userKey(a.realm(), user.map(UserCredentials::user).orElse(c.username()));
        if (!match || ha1.isEmpty()) {
            AuthOutcome outcome = ha1.isEmpty() ? AuthOutcome.UNKNOWN_USER : AuthOutcome.BAD_RESPONSE;
            return failed(a, outcome, userKey, source, now, "response mismatch");
        }
        NonceService.Check check = nonces.check(c.nonce(), a.realm());
        long issuedAt;
        switch (check) {
            case NonceService.Valid v -> issuedAt = v.issuedAtMillis();
            case NonceService.Expired e -> {
                return challenge(a, AuthOutcome.STALE, "nonce expired");
            }
            case NonceService.Invalid i -> {
                return challenge(a, AuthOutcome.STALE, "nonce not ours: " + i.reason());
            }
        }
        if (issuedAt < a.notBeforeMillis()) {
            return challenge(a, AuthOutcome.STALE, "nonce issued before partition assignment");
        }
        if (qop != null) {
            long count = Long.parseLong(nc, 16);
            String fingerprint = nc + ":" + cnonce + ":" + c.response().toLowerCase(Locale.ROOT) + ":" + a.requestId();
            NonceCounters.Result r = count == 0 ? NonceCounters.Result.REPLAY
                    : counters.use(userKey, c.nonce(), issuedAt, count, fingerprint, now);
            switch (r) {
                case FORGOTTEN -> {
                    return challenge(a, AuthOutcome.STALE, "nonce counter forgotten");
                }
                case REPLAY -> {
                    return failed(a, AuthOutcome.REPLAY, userKey, source, now, "nc did not increase");
                }
                case ACCEPTED, REDELIVERED -> { }
            }
        }
        String authenticatedUser = user.get().user();
        for (String claimed : a.claimedUsers()) {
            if (!authenticatedUser.equals(claimed)) {
                return status(AuthOutcome.IDENTITY_MISMATCH, "claimed user is not the authenticated user");
            }
        }
        guard.recordSuccess(userKey, source);
        return new AuthResult(AuthOutcome.OK, Optional.of(new AuthenticatedIdentity(authenticatedUser, a.realm(), alg)),
                Optional.empty(), 0, Optional.empty(), "ok");
    }

    private AuthResult failed(AuthAttempt a, AuthOutcome outcome, String userKey, String source, long now,
                              String detail) {
        String countedUser = outcome.failure() == AuthOutcome.Failure.USER_AND_SOURCE ? userKey : null;
        Optional<String> lockout = guard.recordFailure(countedUser, source, now)
                .map(s -> s.name().toLowerCase(Locale.ROOT));
        Challenge ch = challenger.challenge(a.realm(), outcome.stale());
        return new AuthResult(outcome, Optional.empty(), Optional.of(ch), 0, lockout, detail);
    }

    private AuthResult challenge(AuthAttempt a, AuthOutcome outcome, String detail) {
        return new AuthResult(outcome, Optional.empty(), Optional.of(challenger.challenge(a.realm(), outcome.stale())),
                0, Optional.empty(), detail);
    }

    private static AuthResult status(AuthOutcome outcome, String detail) {
        return new AuthResult(outcome, Optional.empty(), Optional.empty(), 0, Optional.empty(), detail);
    }

    private static AuthResult lockedOut(BruteForceGuard.Block block) {
        long seconds = Math.max(1, (block.remainingMillis() + 999) / 1000);
        return new AuthResult(AuthOutcome.LOCKED_OUT, Optional.empty(), Optional.empty(), seconds, Optional.empty(),
                "blocked by " + block.scope().name().toLowerCase(Locale.ROOT) + " failures");
    }

    /** RFC 7616 §3.4.6: the digest uri must name the request target; compared exactly, else ignoring case. */
    static boolean uriMatches(String digestUri, String requestUri) {
        return digestUri.equals(requestUri) || digestUri.equalsIgnoreCase(requestUri);
    }
}
