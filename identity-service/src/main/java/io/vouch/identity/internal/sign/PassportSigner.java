package io.vouch.identity.internal.sign;

import io.vouch.identity.internal.crypto.CryptoProvider;
import io.vouch.identity.internal.passport.IdentityHeader;
import io.vouch.identity.internal.passport.Passport;
import io.vouch.identity.internal.passport.PassportHeader;
import io.vouch.identity.internal.passport.PassportToken;
import io.vouch.identity.internal.crypto.CryptoProviderChoice;
import io.vouch.identity.internal.crypto.CryptoProviderChoice.Operation;
import io.vouch.identity.internal.crypto.Es256;
import java.util.Objects;

/**
 * Signs PASSporTs with ES256 (RFC 8225 §6, RFC 7518 §3.4) and formats the {@code Identity} header (RFC 8224 §4.1)
 * in full or compact form. Stateless apart from per-thread {@link java.security.Signature} instances; call it from
 * worker threads, never from an event loop.
 */
public final class PassportSigner {
    /** How the PASSporT travels in the header (RFC 8225 §7). */
    public enum Form {
        /** {@code header.claims.signature}: required for {@code shaken}/{@code div}, whose claims SIP cannot carry. */
        FULL,
        /** {@code ..signature}: the verifier rebuilds header and claims from the request. */
        COMPACT
    }

    private final Es256 es256;

    public PassportSigner(CryptoProvider provider) {
        this.es256 = new Es256(CryptoProviderChoice.resolve(provider, Operation.SIGN).chosen().provider());
    }

    /** Signs the canonical serialization of {@code passport} with an ES256 (P-256) key. */
    public PassportToken sign(Passport passport, SigningKey key) {
        Objects.requireNonNull(passport, "passport");
        if (!PassportHeader.ES256.equals(passport.header().alg())) {
            throw new IllegalArgumentException("only ES256 is supported, not " + passport.header().alg());
        }
        if (!Es256.isP256(key.privateKey())) {
            throw new IllegalArgumentException("key " + key.id() + " is not a P-256 key");
        }
        PassportToken unsigned = PassportToken.unsigned(passport);
        return unsigned.withSignature(es256.sign(key.privateKey(), unsigned.signingInput()));
    }

    /** The {@code Identity} header value carrying a signed token. */
    public static IdentityHeader header(PassportToken token, Form form) {
        if (form == Form.COMPACT && token.passport().header().ppt().isPresent()) {
            throw new IllegalArgumentException("compact form cannot carry ppt=" + token.passport().header().ppt().get());
        }
        String t = form == Form.FULL ? token.fullForm() : token.compactForm();
        return IdentityHeader.of(t, token.passport().header().x5u(), token.passport().header().alg(),
                token.passport().header().ppt().orElse(null));
    }
}
