package io.vouch.auth.internal.nonce;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Nonce-count replay protection (RFC 7616 §3.4, RFC 3261 §22.4): per user key, for each nonce in use, the highest
 * nc accepted; a request must carry a strictly higher nc. Memory is bounded (LRU over users, a few nonces per
 * user); whatever is forgotten raises a watermark, and a nonce issued at or before the watermark with no counter is
 * reported as {@link Result#FORGOTTEN} (answered stale) rather than accepted, so eviction never opens a replay.
 */
public final class NonceCounters {
    /** The verdict for one (nonce, nc). */
    public enum Result {
        /** nc is higher than any accepted for this nonce; now recorded. */
        ACCEPTED,
        /** The same accepted request again (a redelivered record): same outcome as before, nothing recorded. */
        REDELIVERED,
        /** nc not higher than one already accepted. */
        REPLAY,
        /** No counter, but one may have been evicted: the client must take a fresh nonce. */
        FORGOTTEN
    }

    private static final class NonceState {
        final String nonce;
        final long issuedAt;
        long highestNc;
        String lastFingerprint;

        NonceState(String nonce, long issuedAt) {
            this.nonce = nonce;
            this.issuedAt = issuedAt;
        }
    }

    private static final class UserState {
        final ArrayDeque<NonceState> nonces = new ArrayDeque<>();
        long forgottenIssuedAtOrBefore = Long.MIN_VALUE;
    }

    private final int maxUsers;
    private final int maxNoncesPerUser;
    private final long ttlMillis;
    private final LinkedHashMap<String, UserState> users;
    private long evictedIssuedAtOrBefore = Long.MIN_VALUE;

    /**
     * @param ttlMillis nonce lifetime: counters of expired nonces carry no information (those nonces are stale)
     */
    public NonceCounters(int maxUsers, int maxNoncesPerUser, long ttlMillis) {
        if (maxUsers < 1 || maxNoncesPerUser < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        this.maxUsers = maxUsers;
        this.maxNoncesPerUser = maxNoncesPerUser;
        this.ttlMillis = ttlMillis;
        this.users = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * Checks and records one use of a nonce.
     *
     * @param fingerprint identifies the exact request (e.g. nc, cnonce, response and the transaction id): the same
     *                    fingerprint for the same nc is a redelivery, not a replay
     * @param nowMillis   used to ignore expired nonces when raising the eviction watermark
     */
    public synchronized Result use(String userKey, String nonce, long issuedAt, long nc, String fingerprint,
                                   long nowMillis) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        UserState user = users.get(userKey);
        if (user == null) {
            if (issuedAt <= evictedIssuedAtOrBefore) {
                return Result.FORGOTTEN;
            }
            user = new UserState();
            users.put(userKey, user);
            evictUsers(nowMillis);
        }
        NonceState state = find(user, nonce);
        if (state == null) {
            if (issuedAt <= user.forgottenIssuedAtOrBefore || issuedAt <= evictedIssuedAtOrBefore) {
                return Result.FORGOTTEN;
            }
            state = new NonceState(nonce, issuedAt);
            user.nonces.addFirst(state);
            trimNonces(user, nowMillis);
        } else {
            user.nonces.remove(state);
            user.nonces.addFirst(state);
        }
        if (nc > state.highestNc) {
            state.highestNc = nc;
            state.lastFingerprint = fingerprint;
            return Result.ACCEPTED;
        }
        if (nc == state.highestNc && fingerprint.equals(state.lastFingerprint)) {
            return Result.REDELIVERED;
        }
        return Result.REPLAY;
    }

    /** Number of users with counters, for a gauge. */
    public synchronized int size() {
        return users.size();
    }

    private static NonceState find(UserState user, String nonce) {
        for (NonceState s : user.nonces) {
            if (s.nonce.equals(nonce)) {
                return s;
            }
        }
        return null;
    }

    private void trimNonces(UserState user, long now) {
        user.nonces.removeIf(s -> now - s.issuedAt > ttlMillis);
        while (user.nonces.size() > maxNoncesPerUser) {
            NonceState dropped = user.nonces.removeLast();
            user.forgottenIssuedAtOrBefore = Math.max(user.forgottenIssuedAtOrBefore, dropped.issuedAt);
        }
    }

    private void evictUsers(long now) {
        Iterator<Map.Entry<String, UserState>> it = users.entrySet().iterator();
        while (users.size() > maxUsers && it.hasNext()) {
            UserState evicted = it.next().getValue();
            it.remove();
            long watermark = now - evicted.forgottenIssuedAtOrBefore <= ttlMillis
                    ? evicted.forgottenIssuedAtOrBefore : Long.MIN_VALUE;
            for (NonceState s : evicted.nonces) {
                if (now - s.issuedAt <= ttlMillis) {
                    watermark = Math.max(watermark, s.issuedAt);
                }
            }
            evictedIssuedAtOrBefore = Math.max(evictedIssuedAtOrBefore, watermark);
        }
    }
}
