package io.vouch.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers: random ones with at least 64 bits of randomness (tags, RFC 3261 §19.3; branches, §8.1.1.7; Call-IDs)
 * and the one deterministic To tag every stage answers with.
 */
public final class SipIds {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private SipIds() {
    }

    private static String random(int chars) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[chars];
        for (int i = 0; i < chars; i++) {
            out[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /** A From/To tag of 16 base-36 characters. */
    public static String newTag() {
        return random(16);
    }

    /**
     * The To tag a stage adds to its response to {@code request} (RFC 3261 §8.2.6.2): 64 bits of SHA-256 over the
     * Call-ID, the CSeq number and method, the top Via branch and the From tag, as 16 hex characters. A request
     * retransmitted or redelivered is answered with the same tag by any replica; the tag needs to be unique, not
     * secret (§19.3), and the values it is computed from are the client's random ones.
     */
    public static String toTag(SipRequest request) {
        MessageDigest md = sha256();
        update(md, request.callId());
        update(md, Long.toString(request.cseq().sequence()));
        update(md, request.cseq().method());
        update(md, request.topVia().branch().orElse(""));
        update(md, request.from().tag().orElse(""));
        return HexFormat.of().formatHex(md.digest(), 0, 8);
    }

    private static void update(MessageDigest md, String part) {
        md.update(part.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
    }

    /** One digest per thread: {@code getInstance} looks the provider up on each call, for every reply. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    });

    private static MessageDigest sha256() {
        MessageDigest md = SHA256.get();
        md.reset();
        return md;
    }

    /** A Via branch starting with the RFC 3261 magic cookie. */
    public static String newBranch() {
        return Via.MAGIC_COOKIE + random(20);
    }

    /** A Call-ID of 24 random characters, optionally {@code @host}. */
    public static String newCallId(String host) {
        return host == null || host.isEmpty() ? random(24) : random(24) + "@" + host;
    }
}
