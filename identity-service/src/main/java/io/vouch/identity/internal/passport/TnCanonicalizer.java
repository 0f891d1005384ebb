package io.vouch.identity.internal.passport;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Canonicalizes telephone numbers for PASSporT {@code orig}/{@code dest} (RFC 8224 §8.3): drop URI parameters and
 * visual separators, take a global number as is, turn a national number into E.164 by the configured rules,
 * and emit digits only without the leading {@code +}. Anything that is not then 1-15 digits is not a TN.
 *
 * @param countryCode         country code added to national numbers (for example {@code 1} or {@code 44})
 * @param nationalPrefix      trunk prefix dropped before adding the country code ({@code 0} in most countries,
 *                            {@code 1} in the NANP), may be empty
 * @param nationalLength      significant digits of a national number without trunk prefix ({@code 10} in the NANP)
 * @param internationalPrefix dialled escape before a country code ({@code 011}, {@code 00}); may be empty
 */
public record TnCanonicalizer(String countryCode, String nationalPrefix, int nationalLength,
                              String internationalPrefix) {
    private static final String SEPARATORS = "-.() \t";

    public TnCanonicalizer {
        Objects.requireNonNull(countryCode, "countryCode");
        Objects.requireNonNull(nationalPrefix, "nationalPrefix");
        Objects.requireNonNull(internationalPrefix, "internationalPrefix");
        if (!countryCode.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("tn.country.code must be 1-3 digits: " + countryCode);
        }
        if (!nationalPrefix.matches("[0-9]{0,3}") || !internationalPrefix.matches("[0-9]{0,4}")) {
            throw new IllegalArgumentException("tn.national.prefix / tn.international.prefix must be digits");
        }
        if (nationalLength < 4 || nationalLength > 14) {
            throw new IllegalArgumentException("tn.national.length must be 4..14: " + nationalLength);
        }
    }

    /** NANP rules: country code 1, trunk prefix 1, ten national digits, international prefix 011. */
    public static TnCanonicalizer nanp() {
        return new TnCanonicalizer("1", "1", 10, "011");
    }

    /**
     * Canonicalizes a dial string or the number of a {@code tel} URI (without scheme); {@code +} marks a global
     * number. Empty when the result would not be a telephone number.
     */
    public Optional<String> canonicalize(String number) {
        if (number == null) {
            return Optional.empty();
        }
        String n = number;
        int semi = n.indexOf(';');
        String params = semi < 0 ? "" : n.substring(semi + 1);
        if (semi >= 0) {
            n = n.substring(0, semi);
        }
        StringBuilder digits = new StringBuilder(n.length());
        boolean global = false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == '+' && digits.isEmpty() && !global) {
                global = true;
            } else if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (SEPARATORS.indexOf(c) < 0) {
                return Optional.empty(); // '*', '#', letters, a '+' in the middle: not a telephone number
            }
        }
        if (digits.isEmpty()) {
            return Optional.empty();
        }
        String d = digits.toString();
        if (!global) {
            Optional<String> context = phoneContext(params);
            if (context.isPresent()) {
                d = context.get() + d;
            } else if (!internationalPrefix.isEmpty() && d.startsWith(internationalPrefix)
                    && d.length() > internationalPrefix.length() + 6) {
                d = d.substring(internationalPrefix.length());
            } else if (d.length() == nationalLength) {
                d = countryCode + d;
            } else if (!nationalPrefix.isEmpty() && d.startsWith(nationalPrefix)
                    && d.length() == nationalPrefix.length() + nationalLength) {
                d = countryCode + d.substring(nationalPrefix.length());
            }
        }
        return d.length() <= 15 && d.length() >= 2 ? Optional.of(d) : Optional.empty();
    }

    /**
     * Canonicalizes the number in a {@code tel:} URI, or in the user part of a {@code sip:}/{@code sips:} URI
     * (with or without {@code user=phone}). Empty when the URI does not carry a telephone number.
     */
    public Optional<String> fromUri(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        String u = uri.strip();
        if (u.startsWith("<") && u.endsWith(">")) {
            u = u.substring(1, u.length() - 1);
        }
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tel:")) {
            return canonicalize(u.substring(4));
        }
        int colon = lower.startsWith("sip:") ? 4 : lower.startsWith("sips:") ? 5 : -1;
        int at = u.indexOf('@');
        if (colon < 0 || at < colon) {
            return Optional.empty();
        }
        String user = u.substring(colon, at);
        int pw = user.indexOf(':');
        if (pw >= 0) {
            user = user.substring(0, pw);
        }
        return canonicalize(percentDecode(user));
    }

    private static Optional<String> phoneContext(String params) {
        for (String p : params.split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("phone-context")) {
                String ctx = p.substring(eq + 1).strip();
                if (ctx.startsWith("+")) {
                    StringBuilder sb = new StringBuilder();
                    for (char c : ctx.substring(1).toCharArray()) {
                        if (c >= '0' && c <= '9') {
                            sb.append(c);
                        } else if (SEPARATORS.indexOf(c) < 0) {
                            return Optional.empty();
                        }
                    }
                    return sb.isEmpty() ? Optional.empty() : Optional.of(sb.toString());
                }
            }
        }
        return Optional.empty();
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    sb.append((char) (hi * 16 + lo));
                    i += 2;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
