package io.vouch.cert.internal;

import io.vouch.cert.CertConfig;
import io.vouch.proto.Flow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The notifier side of RFC 6665 §4.2.1 for one AOR: creates a subscription (default duration one day when Expires is
 * absent, RFC 6072 §6.3), refreshes or ends it in its dialog, answers 423 + Min-Expires, 481 for an unknown dialog and
 * 500 for an out-of-order CSeq, and says which subscription to NOTIFY and whether that NOTIFY terminates it. Pure:
 * the AOR's subscriptions in, the new list and the answer out.
 */
public final class SubscribeProcessor {
    private final CertConfig config;

    public SubscribeProcessor(CertConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * One SUBSCRIBE as the processor needs it; {@code ourTag} is empty for an initial SUBSCRIBE, which creates a
     * dialog with {@code newTag} (the stage's deterministic To tag, so redelivery answers identically).
     */
    public record Input(String aor, EventHeader event, String callId, String subscriberTag, Optional<String> ourTag,
                        OptionalLong expires, String subscriberUri, Optional<String> contact, Flow flow, long cseq,
                        String transaction, String newTag) {
    }

    /** The outcome of one SUBSCRIBE. */
    public sealed interface Result {
    }

    /**
     * 200 OK with {@code expiresSeconds}; {@code subscriptions} is the AOR's new list, {@code target} the
     * subscription to send a NOTIFY for (RFC 6665 §4.2.1.1/§4.2.1.2), {@code terminated} whether that NOTIFY ends it.
     */
    public record Accepted(List<Subscription> subscriptions, Subscription target, long expiresSeconds,
                           boolean terminated, boolean changed) implements Result {
        public Accepted {
            subscriptions = List.copyOf(subscriptions);
        }
    }

    /** An error response. */
    public record Refused(Rejection rejection) implements Result {
    }

    public Result process(Input in, List<Subscription> stored, Instant now) {
        long nowMs = now.toEpochMilli();
        List<Subscription> live = new ArrayList<>(stored.stream().filter(s -> !s.expired(nowMs)).toList());
        OptionalLong expiresOrRefusal = expires(in.expires());
        if (expiresOrRefusal.isEmpty()) {
            return new Refused(new Rejection(423, "Interval Too Brief", "interval_too_brief",
                    Map.of("Min-Expires", Long.toString(config.subscribeMinExpires()))));
        }
        long expires = expiresOrRefusal.getAsLong();
        if (in.ourTag().isPresent()) {
            return inDialog(in, live, expires, nowMs);
        }
        if (in.contact().isEmpty()) {
            // RFC 6665 §4.1.2.1: the SUBSCRIBE establishes a dialog, so it must carry the subscriber's target
            return new Refused(Rejection.of(400, "Missing Contact", "missing_contact"));
        }
        String tag = in.newTag();
        Optional<Subscription> existing = live.stream()
                .filter(s -> s.isDialog(in.callId(), in.subscriberTag(), tag)).findFirst();
        if (existing.isPresent()) {
            // the same initial SUBSCRIBE again (redelivery): same answer, no second subscription
            Subscription s = existing.get();
            return new Accepted(live, s, Math.max(0, (s.expiresAtMs() - nowMs + 999) / 1000), false, false);
        }
        Subscription created = new Subscription(in.event().eventPackage(), in.event().id(), in.callId(),
                in.subscriberTag(), tag, in.subscriberUri(), in.contact().get(), in.flow(), nowMs + expires * 1000,
                0, in.cseq(), in.transaction());
        if (expires == 0) {
            // RFC 6665 §4.2.1.1: a fetch; one NOTIFY with the state, terminated, nothing kept
            return new Accepted(live, created, 0, true, false);
        }
        if (live.size() >= config.maxSubscriptionsPerAor()) {
            return new Refused(Rejection.of(403, "Too Many Subscriptions For This AOR", "too_many"));
        }
        live.add(created);
        return new Accepted(live, created, expires, false, true);
    }

    private Result inDialog(Input in, List<Subscription> live, long expires, long nowMs) {
        int idx = -1;
        for (int i = 0; i < live.size(); i++) {
            if (live.get(i).isDialog(in.callId(), in.subscriberTag(), in.ourTag().get())) {
                idx = i;
                break;
            }
        }
        if (idx < 0) {
            // RFC 6665 §4.2.1.2: refreshing a subscription that does not exist
            return new Refused(Rejection.of(481, "Subscription Does Not Exist", "no_subscription"));
        }
        Subscription cur = live.get(idx);
        if (cur.lastTransaction().equals(in.transaction())) {
            return new Accepted(live, cur, Math.max(0, (cur.expiresAtMs() - nowMs + 999) / 1000), false, false);
        }
        if (in.cseq() <= cur.lastCseq()) {
            // RFC 3261 §12.2.2
            return new Refused(Rejection.of(500, "CSeq Out Of Order", "cseq_order"));
        }
        if (expires == 0) {
            // RFC 6665 §4.2.1.4 unsubscribe: remove, one final NOTIFY
            Subscription ended = cur.withExpiry(nowMs, in.cseq(), in.transaction());
            live.remove(idx);
            return new Accepted(live, ended, 0, true, true);
        }
        Subscription refreshed = cur.withExpiry(nowMs + expires * 1000, in.cseq(), in.transaction());
        live.set(idx, refreshed);
        return new Accepted(live, refreshed, expires, false, true);
    }

    /** The granted duration, or empty for 423; absent Expires means the package default (RFC 6072 §6.3). */
    private OptionalLong expires(OptionalLong requested) {
        if (requested.isEmpty()) {
            return OptionalLong.of(config.subscribeDefaultExpires());
        }
        long v = requested.getAsLong();
        if (v == 0) {
            return OptionalLong.of(0);
        }
        if (v < config.subscribeMinExpires()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.min(v, config.subscribeMaxExpires()));
    }
}
