package io.vouch.sip;

import java.util.concurrent.ThreadLocalRandom;

/** Random identifiers with at least 64 bits of randomness: tags (RFC 3261 §19.3), branches (§8.1.1.7), Call-IDs. */
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

    /** A Via branch starting with the RFC 3261 magic cookie. */
    public static String newBranch() {
        return Via.MAGIC_COOKIE + random(20);
    }

    /** A Call-ID of 24 random characters, optionally {@code @host}. */
    public static String newCallId(String host) {
        return host == null || host.isEmpty() ? random(24) : random(24) + "@" + host;
    }
}
