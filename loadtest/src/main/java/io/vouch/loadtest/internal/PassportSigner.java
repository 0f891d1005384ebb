package io.vouch.loadtest.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs SHAKEN PASSporTs (RFC 8225, RFC 8588) with ES256 and formats them as Identity header values
 * (RFC 8224 §4.1). Header and claims are canonical JSON (RFC 8225 §9: keys sorted, no whitespace); the signature
 * is the JWS R||S form (RFC 7518 §3.4). Thread-safe.
 */
public final class PassportSigner {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /**
     * Amazon Corretto Crypto Provider when its native library loads here (about ten times the JDK's ES256 signing
     * rate), else empty and the JDK's provider signs.
     */
    static final Optional<Provider> NATIVE = nativeProvider();

    private final PrivateKey key;
    private final String x5u;
    private final String attest;
    private final Clock clock;
    private final String encodedHeader;
    private final ThreadLocal<Signature> signatures;

    public PassportSigner(PrivateKey key, String x5u, String attest, Clock clock) {
        this.key = key;
        this.x5u = x5u;
        this.attest = attest;
        this.clock = clock;
        this.encodedHeader = b64("{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":"
                + jsonString(x5u) + "}");
        this.signatures = ThreadLocal.withInitial(() -> {
            try {
                Signature s = NATIVE.isPresent()
                        ? Signature.getInstance("SHA256withECDSAinP1363Format", NATIVE.get())
                        : Signature.getInstance("SHA256withECDSAinP1363Format");
                s.initSign(this.key);
                return s;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ES256 is not available", e);
            }
        });
    }

    /** The canonical claims of one PASSporT (RFC 8225 §5, RFC 8588 §4). */
    public String claims(String origTn, String destTn, long iat, String origId) {
        return "{\"attest\":" + jsonString(attest) + ",\"dest\":{\"tn\":[" + jsonString(destTn) + "]},\"iat\":" + iat
                + ",\"orig\":{\"tn\":" + jsonString(origTn) + "},\"origid\":" + jsonString(origId) + "}";
    }

    /** A compact-form PASSporT for the given numbers, issued now with a random origid. */
    public String token(String origTn, String destTn) {
        String claims = claims(origTn, destTn, clock.instant().getEpochSecond(), UUID.randomUUID().toString());
        String signingInput = encodedHeader + "." + b64(claims);
        try {
            Signature s = signatures.get();
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
    }

    /** An Identity header value: the token with {@code info}, {@code alg} and {@code ppt} parameters. */
    public String identityHeader(String origTn, String destTn) {
        return token(origTn, destTn) + ";info=<" + x5u + ">;alg=ES256;ppt=shaken";
    }

    private static Optional<Provider> nativeProvider() {
        try {
            Class<?> c = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
            Provider p = (Provider) c.getField("INSTANCE").get(null);
            if (c.getMethod("getLoadingError").invoke(p) != null) {
                return Optional.empty();
            }
            Signature.getInstance("SHA256withECDSAinP1363Format", p);
            return Optional.of(p);
        } catch (ReflectiveOperationException | GeneralSecurityException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The provider that signs: ACCP's name, or the JDK default's. */
    public static String providerName() {
        return NATIVE.map(Provider::getName).orElse("JDK");
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
