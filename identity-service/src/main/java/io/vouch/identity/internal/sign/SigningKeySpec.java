package io.vouch.identity.internal.sign;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where one signing key lives and which calls it signs: a PEM (PKCS#8, SEC1 or encrypted PKCS#8) or PKCS#12 file,
 * the certificate URL put in {@code x5u}/{@code info} (RFC 8225 §4, RFC 8224 §4.1), and the customers and number
 * ranges it serves. A spec with no customers and no ranges is a default key.
 *
 * @param id          name used in logs and metrics
 * @param keyFile     the private key file; {@code .p12}/{@code .pfx} are read as PKCS#12
 * @param password    password of an encrypted PEM or of the PKCS#12 store
 * @param certFile    optional PEM certificate whose public key must match (PKCS#12 brings its own)
 * @param x5u         HTTPS URL of the certificate (chain) published for verifiers
 * @param customers   customer ids this key signs for
 * @param tnRanges    number ranges, each a prefix ({@code 1555}) or {@code first-last} of equal length
 */
public record SigningKeySpec(String id, Path keyFile, Optional<String> password, Optional<Path> certFile,
                             String x5u, Set<String> customers, List<String> tnRanges) {
    public SigningKeySpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(x5u, "x5u");
        customers = Set.copyOf(customers);
        tnRanges = List.copyOf(tnRanges);
        for (String r : tnRanges) {
            if (!r.matches("[0-9]{1,15}(-[0-9]{1,15})?")) {
                throw new IllegalArgumentException("key " + id + ": bad tn range " + r);
            }
            int dash = r.indexOf('-');
            if (dash > 0 && r.substring(0, dash).length() != r.substring(dash + 1).length()) {
                throw new IllegalArgumentException("key " + id + ": range ends must have equal length: " + r);
            }
        }
    }

    /** A default key serving every call. */
    public static SigningKeySpec ofDefault(String id, Path keyFile, String x5u) {
        return new SigningKeySpec(id, keyFile, Optional.empty(), Optional.empty(), x5u, Set.of(), List.of());
    }

    /** Length of the longest range prefix matching {@code tn}, or -1 when none matches. */
    public int matchLength(String tn) {
        int best = -1;
        for (String r : tnRanges) {
            int dash = r.indexOf('-');
            if (dash < 0) {
                if (tn.startsWith(r)) {
                    best = Math.max(best, r.length());
                }
            } else {
                String lo = r.substring(0, dash);
                String hi = r.substring(dash + 1);
                if (tn.length() >= lo.length()) {
                    String head = tn.substring(0, lo.length());
                    if (head.compareTo(lo) >= 0 && head.compareTo(hi) <= 0) {
                        best = Math.max(best, lo.length());
                    }
                }
            }
        }
        return best;
    }

    /** Whether this spec serves any call. */
    public boolean isDefault() {
        return customers.isEmpty() && tnRanges.isEmpty();
    }
}
