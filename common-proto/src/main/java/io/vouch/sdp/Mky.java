package io.vouch.sdp;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The PASSporT {@code mky} claim (RFC 8225 §5.2.2): one {@code {alg, dig}} element per SDP fingerprint, sorted
 * by {@code alg} then {@code dig}, and its check against the fingerprints of an SDP. Pure data: the caller writes
 * and reads the JSON.
 */
public final class Mky {
    private Mky() {
    }

    /** One element: the hash function token and the fingerprint as upper-case colon-separated hex. */
    public record Entry(String alg, String dig) {
        public Entry {
            Objects.requireNonNull(alg, "alg");
            Objects.requireNonNull(dig, "dig");
        }

        /** Hash token lower-cased, digest hex without colons upper-cased: the form compared by {@link #check}. */
        String normalized() {
            return alg.toLowerCase(Locale.ROOT) + " " + dig.replace(":", "").toUpperCase(Locale.ROOT);
        }
    }

    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::alg).thenComparing(Entry::dig);

    /** The sorted {@code mky} array for {@code fingerprints}; duplicates appear once. */
    public static List<Entry> of(List<Fingerprint> fingerprints) {
        return fingerprints.stream().map(f -> new Entry(f.hashToken(), f.digestText())).distinct().sorted(ORDER)
            .toList();
    }

    /** The outcome of checking a PASSporT {@code mky} against the SDP fingerprints. */
    public sealed interface Check {
        /** The same set of fingerprints on both sides. */
        record Match() implements Check {
        }

        /** The PASSporT names fingerprints the SDP does not carry, or misses some it carries. */
        record Mismatch(List<Entry> onlyInPassport, List<Entry> onlyInSdp) implements Check {
            public Mismatch {
                onlyInPassport = List.copyOf(onlyInPassport);
                onlyInSdp = List.copyOf(onlyInSdp);
            }
        }

        /** The SDP has fingerprints but the PASSporT has no {@code mky}. */
        record Absent() implements Check {
        }

        /** Neither side has fingerprints. */
        record NotApplicable() implements Check {
        }
    }

    /**
     * Compares {@code passportMky} (empty when the claim is missing) with {@code sdpFingerprints}: hex
     * case-insensitive, colons ignored, order and repeats ignored.
     */
    public static Check check(Optional<List<Entry>> passportMky, List<Fingerprint> sdpFingerprints) {
        List<Entry> sdp = of(sdpFingerprints);
        if (passportMky.isEmpty()) {
            return sdp.isEmpty() ? new Check.NotApplicable() : new Check.Absent();
        }
        Set<String> sdpKeys = sdp.stream().map(Entry::normalized).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> passportKeys = passportMky.get().stream().map(Entry::normalized)
            .collect(Collectors.toCollection(LinkedHashSet::new));
        if (sdpKeys.equals(passportKeys)) {
            return new Check.Match();
        }
        return new Check.Mismatch(
            passportMky.get().stream().filter(e -> !sdpKeys.contains(e.normalized())).toList(),
            sdp.stream().filter(e -> !passportKeys.contains(e.normalized())).toList());
    }
}
