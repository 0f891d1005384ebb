package io.vouch.smime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/** Fixed keys and certificates for the fuzz targets, so committed inputs signed or encrypted with them reach deep. */
final class FuzzFixtures {
    static final X509Certificate EC_CERT = cert("ec.pem");
    static final PrivateKey EC_KEY = key("ec.key");
    static final X509Certificate RSA_CERT = cert("rsa.pem");
    static final PrivateKey RSA_KEY = key("rsa.key");
    static final SmimeLimits LIMITS = new SmimeLimits(64 * 1024, 4, 8);
    static final SmimeVerifier VERIFIER = new SmimeVerifier(SignerTrust.pinned(List.of(EC_CERT, RSA_CERT)), LIMITS,
        Clock.systemUTC());
    static final SmimeDecryptor EC_DECRYPTOR = new SmimeDecryptor(EC_KEY, EC_CERT, LIMITS);
    static final SmimeDecryptor RSA_DECRYPTOR = new SmimeDecryptor(RSA_KEY, RSA_CERT, LIMITS);

    private FuzzFixtures() {
    }

    /** Every result names its reason in a short text, and a verified one names a pinned signer. */
    static void check(VerifyResult r) {
        switch (r) {
            case VerifyResult.Verified v -> {
                if (!v.signer().equals(EC_CERT) && !v.signer().equals(RSA_CERT)) {
                    throw new AssertionError("verified by an unpinned signer");
                }
            }
            case VerifyResult.Invalid i -> {
                if (i.reason().isEmpty() || i.reason().length() > 80) {
                    throw new AssertionError("reason: " + i.reason());
                }
            }
            case VerifyResult.Unsigned u -> {
            }
        }
    }

    static void check(DecryptResult r) {
        if (r instanceof DecryptResult.Invalid i && (i.reason().isEmpty() || i.reason().length() > 80)) {
            throw new AssertionError("reason: " + i.reason());
        }
    }

    private static String resource(String name) {
        try (InputStream in = FuzzFixtures.class.getResourceAsStream("fuzz/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate cert(String name) {
        return Pem.certificates(resource(name)).get(0);
    }

    private static PrivateKey key(String name) {
        return Pem.privateKey(resource(name)).orElseThrow();
    }
}
