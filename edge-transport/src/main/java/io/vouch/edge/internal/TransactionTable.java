package io.vouch.edge.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The edge's bounded memory of server transactions (RFC 3261 §17.2): requests in flight through the pipeline, and
 * final responses kept for replay to retransmissions until Timer J/H would fire.
 *
 * <p>Not thread-safe: owned by one event loop, except {@link #inFlightCount()}, which any thread may read (the UDP
 * readers weigh a flood by it). Nothing here is durable; an edge restart forgets it and clients
 * retransmit.
 *
 * @param <F> what the edge needs to answer an in-flight transaction (flow, request, timer id)
 */
public final class TransactionTable<F> {

    /** A transaction's state. */
    public sealed interface State<F> permits InFlight, Completed {
    }

    /** Published to the pipeline, no final response yet. */
    public record InFlight<F>(F context, long startedNanos) implements State<F> {
    }

    /** Answered; {@code response} is replayed to retransmissions until {@code expiresNanos}. */
    public record Completed<F>(byte[] response, int status, long expiresNanos) implements State<F> {
    }

    private final int maxInFlight;
    private final int maxCompleted;
    private final Map<String, InFlight<F>> inFlight = new HashMap<>();
    private final LinkedHashMap<String, Completed<F>> completed = new LinkedHashMap<>();
    private volatile int inFlightCount;

    public TransactionTable(int maxInFlight, int maxCompleted) {
        if (maxInFlight < 1 || maxCompleted < 0) {
            throw new IllegalArgumentException("maxInFlight >= 1 and maxCompleted >= 0 required");
        }
        this.maxInFlight = maxInFlight;
        this.maxCompleted = maxCompleted;
    }

    /** The state of {@code key}, after dropping completed entries that expired by {@code nowNanos}. */
    public Optional<State<F>> lookup(String key, long nowNanos) {
        InFlight<F> f = inFlight.get(key);
        if (f != null) {
            return Optional.of(f);
        }
        Completed<F> c = completed.get(key);
        if (c != null && c.expiresNanos() - nowNanos <= 0) {
            completed.remove(key);
            return Optional.empty();
        }
        return Optional.ofNullable(c);
    }

    /** True when another request can be admitted; false means the edge must shed load. */
    public boolean hasCapacity() {
        return inFlight.size() < maxInFlight;
    }

    /** Records a new in-flight transaction; the caller checked {@link #hasCapacity()} and that the key is new. */
    public void begin(String key, F context, long nowNanos) {
        inFlight.put(key, new InFlight<>(context, nowNanos));
        inFlightCount = inFlight.size();
    }

    /**
     * Moves {@code key} from in flight to completed with its final response, kept for {@code keepNanos}.
     *
     * @return the in-flight entry it replaced, empty when the transaction was not (or no longer) in flight
     */
    public Optional<InFlight<F>> complete(String key, byte[] response, int status, long nowNanos, long keepNanos) {
        InFlight<F> f = inFlight.remove(key);
        if (f == null) {
            return Optional.empty();
        }
        inFlightCount = inFlight.size();
        remember(key, response, status, nowNanos, keepNanos);
        return Optional.of(f);
    }

    /**
     * Records a final response given at once, with no in-flight phase (the edge's own answers), so that a
     * retransmission of the request gets the same bytes again for {@code keepNanos} (RFC 3261 §17.2.2).
     */
    public void remember(String key, byte[] response, int status, long nowNanos, long keepNanos) {
        if (keepNanos > 0 && maxCompleted > 0) {
            completed.remove(key);
            completed.put(key, new Completed<>(response, status, nowNanos + keepNanos));
            expire(nowNanos);
            while (completed.size() > maxCompleted) {
                Iterator<String> it = completed.keySet().iterator();
                it.next();
                it.remove();
            }
        }
    }

    /** Drops completed entries whose replay window ended; entries are kept in expiry order for equal keep times. */
    public void expire(long nowNanos) {
        Iterator<Completed<F>> it = completed.values().iterator();
        while (it.hasNext()) {
            if (it.next().expiresNanos() - nowNanos <= 0) {
                it.remove();
            } else {
                break;
            }
        }
    }

    /** Transactions in flight; safe to read from any thread. */
    public int inFlightCount() {
        return inFlightCount;
    }

    public int completedCount() {
        return completed.size();
    }
}
