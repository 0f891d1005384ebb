package io.vouch.sdp;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A certificate fingerprint {@code a=fingerprint:<hash-func> <hex:hex:...>} (RFC 8122 §5): the hash token as it
 * appeared (lower-cased) and the digest octets. {@link #digestText()} is the canonical upper-case, colon-separated
 * form.
 */
public record Fingerprint(String hashToken, byte[] digest) {
    private static final Pattern HEX_PAIRS = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})*");
    public Fingerprint {
        Objects.requireNonNull(hashToken, "hashToken");
        hashToken = hashToken.toLowerCase(Locale.ROOT);
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The hash function when it is a registered one. */
    public Optional<FingerprintHash> hash() {
        return FingerprintHash.byToken(hashToken);
    }

    /** Upper-case hex pairs joined by colons (RFC 8122 §5 {@code 2UHEX *(":" 2UHEX)}). */
    public String digestText() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    /** The outcome of parsing an untrusted fingerprint value. */
    public sealed interface ParseResult {
        record Parsed(Fingerprint fingerprint) implements ParseResult {
        }

        /** {@code reason} is short fixed text. */
        record Invalid(String reason) implements ParseResult {
        }
    }

    /**
     * Parses the value after {@code fingerprint:}: a registered hash token, one space, hex pairs separated by
     * colons whose count equals the digest length. Lower-case hex is accepted.
     */
    public static ParseResult parse(String value) {
        String v = value.strip();
        int sp = v.indexOf(' ');
        if (sp <= 0) {
            return new ParseResult.Invalid("fingerprint malformed");
        }
        Optional<FingerprintHash> hash = FingerprintHash.byToken(v.substring(0, sp));
        if (hash.isEmpty()) {
            return new ParseResult.Invalid("fingerprint hash unknown");
        }
        String hex = v.substring(sp + 1).strip();
        if (!HEX_PAIRS.matcher(hex).matches()) {
            return new ParseResult.Invalid("fingerprint not colon-separated hex");
        }
        byte[] digest = HexFormat.ofDelimiter(":").parseHex(hex.toLowerCase(Locale.ROOT));
        if (digest.length != hash.get().length()) {
            return new ParseResult.Invalid("fingerprint length wrong for hash");
        }
        return new ParseResult.Parsed(new Fingerprint(hash.get().token(), digest));
    }

    /**
     * The well-formed fingerprints of {@code sd} (session level first, then each media description), distinct, in
     * SDP order; lines that do not parse are left out (validating them is the media stage's job).
     */
    public static java.util.List<Fingerprint> allIn(SessionDescription sd) {
        java.util.LinkedHashSet<Fingerprint> out = new java.util.LinkedHashSet<>();
        java.util.List<SdpAttribute> lines = new java.util.ArrayList<>(sd.attributes("fingerprint"));
        sd.media().forEach(m -> lines.addAll(m.attributes("fingerprint")));
        for (SdpAttribute a : lines) {
            if (parse(a.valueOrEmpty()) instanceof ParseResult.Parsed p) {
                out.add(p.fingerprint());
            }
        }
        return java.util.List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.hashToken.equals(hashToken) && java.util.Arrays.equals(f.digest, digest);
    }

    @Override
    public int hashCode() {
        return hashToken.hashCode() * 31 + java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return hashToken + " " + digestText();
    }
}
