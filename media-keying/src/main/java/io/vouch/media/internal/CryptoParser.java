package io.vouch.media.internal;

import io.vouch.media.CryptoAttribute;
import io.vouch.media.CryptoAttribute.CryptoParseResult;
import io.vouch.media.SdesKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The {@code a=crypto} grammar of RFC 4568 §9.1 for the SRTP key-info of §9.2: tag {@code 1*9DIGIT}, suite
 * {@code 1*(ALPHA / DIGIT / "_")}, {@code inline:} keys joined by {@code ;}, each {@code key-salt ["|" lifetime]
 * ["|" mki-value ":" mki-length]}, then whitespace-separated session parameters. Base64 with or without padding.
 */
public final class CryptoParser {
    private static final Pattern TAG = Pattern.compile("[0-9]{1,9}");
    private static final Pattern SUITE = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern LIFETIME = Pattern.compile("(2\\^)?[0-9]+");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    /** Largest lifetime exponent and value: 2^48 packets (RFC 3711 §9.2). */
    static final int MAX_LIFETIME_EXPONENT = 48;
    private static final int MAX_KEYS = 16;

    private CryptoParser() {
    }

    public static CryptoParseResult parse(String value) {
        String[] f = value.strip().split("[ \t]+");
        if (f.length < 3) {
            return invalid("crypto attribute incomplete");
        }
        if (!TAG.matcher(f[0]).matches()) {
            return invalid("crypto tag not 1-9 digits");
        }
        if (!SUITE.matcher(f[1]).matches()) {
            return invalid("crypto suite malformed");
        }
        String[] params = f[2].split(";", -1);
        if (params.length > MAX_KEYS) {
            return invalid("too many crypto keys");
        }
        List<SdesKey> keys = new ArrayList<>();
        for (String p : params) {
            if (!p.startsWith("inline:")) {
                return invalid("crypto key method not inline");
            }
            Object key = key(p.substring("inline:".length()));
            if (key instanceof String reason) {
                return invalid(reason);
            }
            keys.add((SdesKey) key);
        }
        if (keys.size() > 1) {
            for (SdesKey k : keys) {
                if (k.mki().isEmpty()) {
                    return invalid("crypto MKI required with several keys");
                }
                if (k.mki().get().length() != keys.get(0).mki().get().length()) {
                    return invalid("crypto MKI lengths differ");
                }
            }
            if (keys.stream().map(k -> k.mki().get().value()).distinct().count() != keys.size()) {
                return invalid("crypto MKI values repeat");
            }
        }
        List<String> sessionParams = List.of(f).subList(3, f.length);
        for (String sp : sessionParams) {
            if (!sp.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                return invalid("crypto session parameter malformed");
            }
        }
        return new CryptoParseResult.Parsed(new CryptoAttribute(Long.parseLong(f[0]), f[1], keys, sessionParams));
    }

    /** An {@link SdesKey}, or a reason string. */
    private static Object key(String info) {
        String[] parts = info.split("\\|", -1);
        if (parts.length > 3) {
            return "crypto key has too many fields";
        }
        byte[] keySalt = base64(parts[0]);
        if (keySalt == null) {
            return parts[0].isEmpty() ? "crypto key empty" : "crypto key not base64";
        }
        OptionalLong lifetime = OptionalLong.empty();
        Optional<SdesKey.Mki> mki = Optional.empty();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.indexOf(':') >= 0) {
                if (mki.isPresent()) {
                    return "crypto MKI repeated";
                }
                mki = mki(p);
                if (mki.isEmpty()) {
                    return "crypto MKI malformed";
                }
            } else {
                if (lifetime.isPresent() || mki.isPresent()) {
                    return "crypto lifetime misplaced";
                }
                lifetime = lifetime(p);
                if (lifetime.isEmpty()) {
                    return LIFETIME.matcher(p).matches() ? "crypto lifetime out of range" : "crypto MKI or lifetime malformed";
                }
            }
        }
        return new SdesKey(keySalt, lifetime, mki);
    }

    /** RFC 4648 §4 base64; the padding may be left out. Null when not base64. */
    static byte[] base64(String s) {
        if (s.isEmpty() || s.length() > 512 || !BASE64.matcher(s).matches()) {
            return null;
        }
        int pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
        if (pad > 0 && s.length() % 4 != 0 || pad == 0 && s.length() % 4 == 1) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code ["2^"] 1*DIGIT}, 1 to 2^48. */
    static OptionalLong lifetime(String s) {
        boolean power = s.startsWith("2^");
        String digits = power ? s.substring(2) : s;
        if (!digits.matches("[0-9]{1,15}")) {
            return OptionalLong.empty();
        }
        long n = Long.parseLong(digits);
        if (power) {
            return n <= MAX_LIFETIME_EXPONENT ? OptionalLong.of(1L << n) : OptionalLong.empty();
        }
        return n >= 1 && n <= 1L << MAX_LIFETIME_EXPONENT ? OptionalLong.of(n) : OptionalLong.empty();
    }

    /** {@code mki-value ":" mki-length} with the length 1–128 octets and the value fitting in it. */
    static Optional<SdesKey.Mki> mki(String s) {
        int colon = s.indexOf(':');
        String v = s.substring(0, colon);
        String l = s.substring(colon + 1);
        if (!v.matches("[0-9]{1,18}") || !l.matches("[0-9]{1,3}")) {
            return Optional.empty();
        }
        long value = Long.parseLong(v);
        int length = Integer.parseInt(l);
        if (length < 1 || length > 128 || length < 8 && value >= 1L << (8 * length)) {
            return Optional.empty();
        }
        return Optional.of(new SdesKey.Mki(value, length));
    }

    private static CryptoParseResult invalid(String reason) {
        return new CryptoParseResult.Invalid(reason);
    }
}
