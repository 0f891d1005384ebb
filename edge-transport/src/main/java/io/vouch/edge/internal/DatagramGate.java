package io.vouch.edge.internal;

import io.micrometer.core.instrument.Counter;
import io.netty.util.NetUtil;
import io.vouch.edge.EdgeMetrics;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * What a UDP datagram passes on the thread that read it, before it is copied and handed to the edge's event loop:
 * the size limit (RFC 3261 §18.1.1: a datagram over {@code edge.max.datagram.bytes} is dropped whole, never cut),
 * {@link FloodAdmission} weighed by the transactions in flight plus the datagrams already waiting, and the bound on
 * those waiting datagrams. A refused datagram costs a map lookup and a counter: no copy, no decoding, no log line.
 *
 * <p>Thread-safe: every UDP reader calls {@link #admit}; the event loop calls {@link #handled} for each admitted
 * datagram once it is done with it.
 */
public final class DatagramGate {
    private final int maxDatagramBytes;
    private final int queueMax;
    private final Set<InetAddress> exempt;
    private final FloodAdmission<InetAddress> flood;
    private final IntSupplier inFlight;
    private final LongSupplier nanoTime;
    private final AtomicInteger queued = new AtomicInteger();
    private final Counter tooLarge;
    private final Counter floodShed;
    private final Counter queueShed;

    /**
     * @param exemptSources address literals that skip flood admission ({@code edge.rate.limit.exempt.sources})
     * @param inFlight      transactions in the pipeline, readable from any thread
     */
    public DatagramGate(int maxDatagramBytes, int queueMax, Collection<String> exemptSources,
            FloodAdmission<InetAddress> flood, IntSupplier inFlight, LongSupplier nanoTime, EdgeMetrics metrics) {
        this.maxDatagramBytes = maxDatagramBytes;
        this.queueMax = queueMax;
        this.exempt = exemptSources.stream().map(NetUtil::createInetAddressFromIpAddressString)
                .filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
        this.flood = flood;
        this.inFlight = inFlight;
        this.nanoTime = nanoTime;
        this.tooLarge = metrics.droppedCounter("datagram_too_large");
        this.floodShed = metrics.shedCounter("flood");
        this.queueShed = metrics.shedCounter("udp_queue");
        metrics.gauge("vouch.edge.udp.queued", "UDP datagrams read but not yet handled", queued::get);
    }

    /**
     * Whether a datagram of {@code length} bytes from {@code source} goes on to the event loop; if so, the caller
     * must call {@link #handled} once for it. A refused datagram is counted by reason.
     */
    public boolean admit(InetAddress source, int length) {
        if (length > maxDatagramBytes) {
            tooLarge.increment();
            return false;
        }
        if (flood.enabled() && !exempt.contains(source)
                && !flood.admit(source, inFlight.getAsInt() + queued.get(), nanoTime.getAsLong())) {
            floodShed.increment();
            return false;
        }
        if (queued.incrementAndGet() > queueMax) {
            queued.decrementAndGet();
            queueShed.increment();
            return false;
        }
        return true;
    }

    /** An admitted datagram has been handled on the event loop. */
    public void handled() {
        queued.decrementAndGet();
    }

    /** Datagrams admitted and not yet handled. */
    public int queued() {
        return queued.get();
    }
}
