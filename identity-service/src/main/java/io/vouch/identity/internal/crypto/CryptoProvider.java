package io.vouch.identity.internal.crypto;

import java.lang.reflect.Method;
import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA provider used for one ECDSA operation ({@code crypto.sign.provider}, {@code crypto.verify.provider}).
 * Their speed differs by operation, JDK and machine by up to tenfold (see the module README), so the default,
 * {@link #AUTO}, measures the available providers at start and takes the fastest for each operation.
 */
public enum CryptoProvider {
    /** The JDK's own elliptic-curve provider. */
    SUN_EC,
    /** Bouncy Castle, used without registering it globally. */
    BC,
    /**
     * Amazon Corretto Crypto Provider: OpenSSL-derived native code (AWS-LC) shipped inside its jar for linux-x86_64;
     * unavailable where its native library cannot load (other platforms, restricted {@code /tmp}).
     */
    ACCP,
    /** Not a provider: measure the available ones at start and use the fastest per operation. */
    AUTO;

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    /** The provider instance; throws IllegalStateException for {@link #AUTO} or a provider that cannot load. */
    public Provider provider() {
        return switch (this) {
            case SUN_EC -> Optional.ofNullable(Security.getProvider("SunEC"))
                    .orElseThrow(() -> new IllegalStateException("SunEC provider not present in this JDK"));
            case BC -> BOUNCY_CASTLE;
            case ACCP -> Accp.INSTANCE.orElseThrow(() -> new IllegalStateException(
                    "Amazon Corretto Crypto Provider unavailable: " + Accp.FAILURE));
            case AUTO -> throw new IllegalStateException("AUTO names no provider; resolve it with CryptoProviderChoice");
        };
    }

    /** Whether {@link #provider()} returns a provider on this machine. */
    public boolean available() {
        return switch (this) {
            case SUN_EC -> Security.getProvider("SunEC") != null;
            case BC -> true;
            case ACCP -> Accp.INSTANCE.isPresent();
            case AUTO -> false;
        };
    }

    /** Why ACCP is unavailable, or empty when it loaded. */
    public static Optional<String> accpFailure() {
        return Accp.INSTANCE.isPresent() ? Optional.empty() : Optional.of(Accp.FAILURE);
    }

    /** Parses a config value: {@code auto}, {@code SunEC}, {@code BC} or {@code ACCP} (case-insensitive). */
    public static CryptoProvider parse(String key, String value) {
        return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "sunec", "sun_ec" -> SUN_EC;
            case "bc", "bouncycastle" -> BC;
            case "accp", "amazoncorrettocryptoprovider" -> ACCP;
            default -> throw new IllegalArgumentException(key + " must be auto, SunEC, BC or ACCP, was " + value);
        };
    }

    /** Loads ACCP once, by reflection so that a missing jar or native library only makes it unavailable. */
    private static final class Accp {
        static final Optional<Provider> INSTANCE;
        static final String FAILURE;

        static {
            Provider p = null;
            String failure;
            try {
                Class<?> c = Class.forName(ACCP_CLASS);
                Provider candidate = (Provider) c.getField("INSTANCE").get(null);
                Method loadingError = c.getMethod("getLoadingError");
                Throwable error = (Throwable) loadingError.invoke(candidate);
                if (error == null) {
                    c.getMethod("assertHealthy").invoke(candidate);
                    p = candidate;
                    failure = "";
                } else {
                    failure = error.toString();
                }
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failure = cause.toString();
            }
            INSTANCE = Optional.ofNullable(p);
            FAILURE = failure;
        }
    }
}
