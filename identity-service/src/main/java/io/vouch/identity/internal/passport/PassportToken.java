package io.vouch.identity.internal.passport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A signed PASSporT as JWS compact serialization: {@code header.claims.signature} in base64url (RFC 8225 §6), or
 * its compact form {@code ..signature} whose header and claims are rebuilt from the SIP request (RFC 8225 §7).
 *
 * <p>The base64url header and claims are kept exactly as received: the signature covers those bytes, never a
 * re-serialization.
 */
public record PassportToken(String header64, String claims64, byte[] signature, Passport passport) {
    /** Longest token accepted from the network, in characters. */
    public static final int MAX_TOKEN_CHARS = 8192;
    private static final int MAX_JSON_BYTES = 4096;
    private static final int MAX_JSON_DEPTH = 8;

    public PassportToken {
        Objects.requireNonNull(header64, "header64");
        Objects.requireNonNull(claims64, "claims64");
        signature = signature.clone();
        Objects.requireNonNull(passport, "passport");
    }

    /** Result of reading an untrusted token. */
    public sealed interface Parse permits Parsed, Malformed {
    }

    /** A well-formed token (signature not yet checked). */
    public record Parsed(PassportToken token) implements Parse {
    }

    /** Why the token could not be read. */
    public record Malformed(String reason) implements Parse {
    }

    /** The bytes the signature covers: ASCII {@code header64 "." claims64} (RFC 7515 §5.1). */
    public byte[] signingInput() {
        return (header64 + "." + claims64).getBytes(StandardCharsets.US_ASCII);
    }

    /** The signature bytes ({@code R || S} for ES256). */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The signature in base64url. */
    public String signature64() {
        return b64(signature);
    }

    /** Full form, {@code header.claims.signature}. */
    public String fullForm() {
        return header64 + "." + claims64 + "." + signature64();
    }

    /** Compact form, {@code ..signature} (RFC 8225 §7). */
    public String compactForm() {
        return ".." + signature64();
    }

    /** Encodes an unsigned passport canonically; the caller signs {@link #signingInput()} and calls {@link #withSignature}. */
    public static PassportToken unsigned(Passport passport) {
        return new PassportToken(b64(passport.headerJson().getBytes(StandardCharsets.UTF_8)),
                b64(passport.claimsJson().getBytes(StandardCharsets.UTF_8)), new byte[0], passport);
    }

    /** This token carrying the given signature. */
    public PassportToken withSignature(byte[] sig) {
        return new PassportToken(header64, claims64, sig, passport);
    }

    /** Reads a full-form token ({@code header.claims.signature}) from untrusted input. */
    public static Parse parseFull(String token) {
        if (token == null || token.isEmpty()) {
            return new Malformed("empty token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            return new Malformed("token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        int d1 = token.indexOf('.');
        int d2 = d1 < 0 ? -1 : token.indexOf('.', d1 + 1);
        if (d1 < 0 || d2 < 0 || token.indexOf('.', d2 + 1) >= 0) {
            return new Malformed("token must have three dot-separated parts");
        }
        String h = token.substring(0, d1);
        String c = token.substring(d1 + 1, d2);
        String s = token.substring(d2 + 1);
        if (h.isEmpty() || c.isEmpty()) {
            return new Malformed("header or claims missing (compact form needs the SIP request)");
        }
        byte[] hb = unb64(h);
        byte[] cb = unb64(c);
        byte[] sb = unb64(s);
        if (hb == null || cb == null || sb == null || sb.length == 0) {
            return new Malformed("invalid base64url");
        }
        PassportHeader header;
        switch (Json.parse(hb, MAX_JSON_BYTES, MAX_JSON_DEPTH)) {
            case Json.Invalid inv -> {
                return new Malformed("header JSON: " + inv.reason());
            }
            case Json.Parsed p -> {
                switch (PassportJson.header(p.value())) {
                    case PassportJson.Bad<PassportHeader> bad -> {
                        return new Malformed(bad.reason());
                    }
                    case PassportJson.Ok<PassportHeader> ok -> header = ok.value();
                }
            }
        }
        PassportClaims claims;
        switch (Json.parse(cb, MAX_JSON_BYTES, MAX_JSON_DEPTH)) {
            case Json.Invalid inv -> {
                return new Malformed("claims JSON: " + inv.reason());
            }
            case Json.Parsed p -> {
                switch (PassportJson.claims(p.value())) {
                    case PassportJson.Bad<PassportClaims> bad -> {
                        return new Malformed(bad.reason());
                    }
                    case PassportJson.Ok<PassportClaims> ok -> claims = ok.value();
                }
            }
        }
        return new Parsed(new PassportToken(h, c, sb, new Passport(header, claims)));
    }

    /**
     * Reads a compact-form token ({@code ..signature}) given the passport rebuilt from the SIP request; the
     * signing input is the canonical serialization of that passport (RFC 8225 §7, §9).
     */
    public static Parse parseCompact(String token, Passport rebuilt) {
        Objects.requireNonNull(rebuilt, "rebuilt");
        if (token == null || !token.startsWith("..") || token.length() > MAX_TOKEN_CHARS) {
            return new Malformed("not a compact-form token");
        }
        byte[] sig = unb64(token.substring(2));
        if (sig == null || sig.length == 0) {
            return new Malformed("invalid base64url signature");
        }
        return new Parsed(unsigned(rebuilt).withSignature(sig));
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Strict base64url without padding; null when invalid. */
    static byte[] unb64(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '_';
            if (!ok) {
                return null;
            }
        }
        if (s.length() % 4 == 1) {
            return null;
        }
        return Base64.getUrlDecoder().decode(s);
    }
}
