package io.vouch.auth.internal.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The digest algorithms of RFC 3261 §22.4, RFC 7616 §3.4.2 and RFC 8760 §2, strongest first; a {@code -sess}
 * variant hashes the base HA1 again with the nonce and cnonce (RFC 7616 §3.4.2).
 */
public enum DigestAlgorithm {
    SHA_512_256("SHA-512-256", "SHA-512/256", false, 3),
    SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", true, 3),
    SHA_256("SHA-256", "SHA-256", false, 2),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true, 2),
    MD5("MD5", "MD5", false, 1),
    MD5_SESS("MD5-sess", "MD5", true, 1);

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] COLON = {':'};

    private final String token;
    private final String jcaName;
    private final boolean session;
    private final int strength;
    /** Provider look-up is the costly part of {@code getInstance}; one reset instance per thread avoids it. */
    private final ThreadLocal<MessageDigest> digests;

    DigestAlgorithm(String token, String jcaName, boolean session, int strength) {
        this.token = token;
        this.jcaName = jcaName;
        this.session = session;
        this.strength = strength;
        this.digests = ThreadLocal.withInitial(this::newDigest);
    }

    /** The token as written in the {@code algorithm} parameter, e.g. {@code SHA-512-256-sess}. */
    public String token() {
        return token;
    }

    /** Whether this is a {@code -sess} variant (HA1 bound to nonce and cnonce). */
    public boolean session() {
        return session;
    }

    /** Relative strength used to order challenges strongest first (RFC 8760 §2.4); higher is stronger. */
    public int strength() {
        return strength;
    }

    /** The variant without {@code -sess}: the one whose HA1 is stored. */
    public DigestAlgorithm base() {
        return switch (this) {
            case SHA_512_256, SHA_512_256_SESS -> SHA_512_256;
            case SHA_256, SHA_256_SESS -> SHA_256;
            case MD5, MD5_SESS -> MD5;
        };
    }

    /** The {@code -sess} variant of this algorithm's base. */
    public DigestAlgorithm sessionVariant() {
        return switch (base()) {
            case SHA_512_256 -> SHA_512_256_SESS;
            case SHA_256 -> SHA_256_SESS;
            default -> MD5_SESS;
        };
    }

    /** Length in hex characters of this algorithm's digests. */
    public int hexLength() {
        return base() == MD5 ? 32 : 64;
    }

    /** Looks a token up case-insensitively (RFC 7616 §3.3); empty for anything unknown. */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String t = token.trim();
        for (DigestAlgorithm a : values()) {
            if (a.token.equalsIgnoreCase(t)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Lower-case hex digest of the parts joined by {@code ':'}, strings encoded as UTF-8 (RFC 7616 §3.4.1). */
    public String hashJoined(String... parts) {
        MessageDigest md = digests.get();
        md.reset();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                md.update(COLON);
            }
            md.update(parts[i].getBytes(StandardCharsets.UTF_8));
        }
        return HEX.formatHex(md.digest());
    }

    /** Lower-case hex digest of raw bytes, used for H(entity-body) with qop=auth-int. */
    public String hash(byte[] data) {
        MessageDigest md = digests.get();
        md.reset();
        return HEX.formatHex(md.digest(data));
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }
}
