package io.vouch.identity;

import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA provider used for one ECDSA operation; chosen per operation ({@code crypto.sign.provider},
 * {@code crypto.verify.provider}) because their speed differs by operation and JDK (see the module README).
 */
public enum CryptoProvider {
    /** The JDK's own elliptic-curve provider. */
    SUN_EC,
    /** Bouncy Castle, used without registering it globally. */
    BC;

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    /** The provider instance. */
    public Provider provider() {
        return switch (this) {
            case SUN_EC -> {
                Provider p = Security.getProvider("SunEC");
                if (p == null) {
                    throw new IllegalStateException("SunEC provider not present in this JDK");
                }
                yield p;
            }
            case BC -> BOUNCY_CASTLE;
        };
    }

    /** Parses a config value: {@code SunEC} or {@code BC} (case-insensitive). */
    public static CryptoProvider parse(String key, String value) {
        return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
            case "sunec", "sun_ec" -> SUN_EC;
            case "bc", "bouncycastle" -> BC;
            default -> throw new IllegalArgumentException(key + " must be SunEC or BC, was " + value);
        };
    }
}
