package io.vouch.registrar.internal;

import io.vouch.registrar.Binding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The state of one address of record as stored under its key in {@code vouch.bindings} (RFC 3261 §10.3): its
 * bindings and the last REGISTER transactions applied to it (newest last), so a redelivered REGISTER is recognised.
 */
public record AorRecord(String aor, List<Binding> bindings, List<RequestId> recent) {
    /** Highest q first, then most recently updated. */
    public static final Comparator<Binding> PREFERENCE = Comparator.comparingInt(AorRecord::effectiveQ).reversed()
            .thenComparing(Binding::updatedAt, Comparator.reverseOrder());

    public AorRecord {
        Objects.requireNonNull(aor, "aor");
        bindings = List.copyOf(bindings);
        recent = List.copyOf(recent);
    }

    private static int effectiveQ(Binding b) {
        return b.q() == Binding.NO_Q ? 1000 : b.q();
    }

    /** The unexpired bindings at {@code now}, in {@link #PREFERENCE} order. */
    public List<Binding> live(Instant now) {
        List<Binding> out = new ArrayList<>(bindings.size());
        for (Binding b : bindings) {
            if (!b.expiredAt(now)) {
                out.add(b);
            }
        }
        out.sort(PREFERENCE);
        return out;
    }

    /** How many bindings have expired at {@code now}. */
    public int expiredCount(Instant now) {
        int n = 0;
        for (Binding b : bindings) {
            if (b.expiredAt(now)) {
                n++;
            }
        }
        return n;
    }

    /** Whether {@code id} is one of the recently applied REGISTER transactions. */
    public boolean applied(RequestId id) {
        return recent.contains(id);
    }
}
