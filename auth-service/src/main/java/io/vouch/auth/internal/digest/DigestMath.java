package io.vouch.auth.internal.digest;


/** The hash chain of RFC 7616 §3.4.1–§3.4.3 (RFC 2617 §3.2.2, RFC 3261 §22.4): HA1, HA2 and the response. */
public final class DigestMath {
    private DigestMath() {
    }

    /** HA1 = H(username:realm:password) for the base algorithm; what the credential store keeps. */
    public static String ha1(DigestAlgorithm algorithm, String username, String realm, String password) {
        return algorithm.base().hashJoined(username, realm, password);
    }

    /** The HA1 to use in the response: the stored one, or H(HA1:nonce:cnonce) for a {@code -sess} algorithm. */
    public static String effectiveHa1(DigestAlgorithm algorithm, String storedHa1, String nonce, String cnonce) {
        return algorithm.session() ? algorithm.hashJoined(storedHa1, nonce, cnonce) : storedHa1;
    }

    /** HA2 = H(method:uri), or H(method:uri:H(entity-body)) for {@code auth-int}. */
    public static String ha2(DigestAlgorithm algorithm, Qop qop, String method, String uri, byte[] body) {
        if (qop == Qop.AUTH_INT) {
            return algorithm.hashJoined(method, uri, algorithm.hash(body));
        }
        return algorithm.hashJoined(method, uri);
    }

    /** The request-digest; {@code qop == null} is the RFC 2069 form H(HA1:nonce:HA2). */
    public static String response(DigestAlgorithm algorithm, String ha1, String nonce, String nc, String cnonce,
                                  Qop qop, String ha2) {
        if (qop == null) {
            return algorithm.hashJoined(ha1, nonce, ha2);
        }
        return algorithm.hashJoined(ha1, nonce, nc, cnonce, qop.token(), ha2);
    }

    /** The hashed user name of RFC 7616 §3.4.4: H(username:realm). */
    public static String userhash(DigestAlgorithm algorithm, String username, String realm) {
        return algorithm.base().hashJoined(username, realm);
    }
}
