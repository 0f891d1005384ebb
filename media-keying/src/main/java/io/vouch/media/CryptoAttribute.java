package io.vouch.media;

import io.vouch.media.internal.CryptoParser;
import java.util.List;
import java.util.Objects;

/**
 * A syntactically valid SDES {@code a=crypto} attribute (RFC 4568 §4, §9.1): tag, crypto-suite name, one or more
 * {@code inline:} keys and the session parameters in order. Whether the suite and parameters are acceptable is
 * decided by {@link SdesValidator}.
 */
public record CryptoAttribute(long tag, String suite, List<SdesKey> keys, List<String> sessionParams) {
    public CryptoAttribute {
        Objects.requireNonNull(suite, "suite");
        keys = List.copyOf(keys);
        sessionParams = List.copyOf(sessionParams);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a crypto attribute has at least one key");
        }
    }

    /** Parses the value of an {@code a=crypto} attribute (the text after {@code crypto:}). */
    public static CryptoParseResult parse(String value) {
        return CryptoParser.parse(value);
    }

    /** The outcome of parsing one untrusted {@code a=crypto} value. */
    public sealed interface CryptoParseResult {
        record Parsed(CryptoAttribute attribute) implements CryptoParseResult {
        }

        /** {@code reason} is short fixed text usable in a Warning or reason phrase and as a metric tag. */
        record Invalid(String reason) implements CryptoParseResult {
        }
    }
}
