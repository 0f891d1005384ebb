package io.vouch.cert.internal;

import io.vertx.core.Future;
import io.vouch.cert.CertConfig;
import io.vouch.proto.AuthAssertion;
import io.vouch.proto.AuthAssertions;
import io.vouch.proto.SipEvent;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.PartitionStateListener;
import io.vouch.runtime.RetriableStageException;
import io.vouch.runtime.StageRecord;
import io.vouch.runtime.sip.SipStageHandler;
import io.vouch.runtime.sip.StageRequest;
import io.vouch.sip.SipIds;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import io.vouch.sip.SipUri;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate service's stage handler (RFC 6072 on RFC 6665 and RFC 3903): answers SUBSCRIBE and PUBLISH for the
 * AORs of the partitions it owns, writes the changed state (acknowledged) before answering, and sends NOTIFYs through
 * the edge as client transactions whose results come back on the same stage topic under the AOR's key.
 */
public final class CertStage extends SipStageHandler implements PartitionStateListener {
    public static final String STAGE = "cert";
    private static final Logger LOG = LoggerFactory.getLogger(CertStage.class);

    /** What the loader returns for newly assigned partitions: AOR publications and subscriptions per partition. */
    public record Loaded(int partition, java.util.Map<String, List<Publication>> publications,
                         java.util.Map<String, List<Subscription>> subscriptions) {
    }

    private final CertConfig config;
    private final CertStore store;
    private final CertMetrics metrics;
    private final Function<Set<Integer>, Future<List<Loaded>>> loader;
    private final Notifier notifier;
    private final String publicationTopic;
    private final String subscriptionTopic;
    private final Clock clock;
    private final AccessPolicy policy;
    private final PublishProcessor publisher;
    private final SubscribeProcessor subscriber;
    private final SourceRateLimiter limiter;

    public CertStage(CertConfig config, CertStore store, CertMetrics metrics,
                     Function<Set<Integer>, Future<List<Loaded>>> loader, Notifier notifier, String publicationTopic,
                     String subscriptionTopic, Clock clock) {
        super(STAGE, clock);
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.publicationTopic = publicationTopic;
        this.subscriptionTopic = subscriptionTopic;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = new AccessPolicy(config);
        this.publisher = new PublishProcessor(config, new PublicationBodies(
                new UserCertificateValidator(config.rsaMinBits(), config.ecMinBits()),
                new EncryptedKeyValidator(config.minPbkdf2Iterations(), config.maxBodyBytes())));
        this.subscriber = new SubscribeProcessor(config);
        this.limiter = new SourceRateLimiter(config.subscribeRatePerSecond(), config.subscribeBurst(),
                config.rateLimitMaxSources());
    }

    private volatile io.vertx.core.Context stageContext;

    /** Runs {@code task} on the stage's event loop; nothing before the first partition was assigned. */
    public void runOnStageContext(Runnable task) {
        io.vertx.core.Context c = stageContext;
        if (c != null) {
            c.runOnContext(v -> task.run());
        }
    }

    @Override
    public Future<Void> onAssigned(Set<Integer> partitions) {
        stageContext = io.vertx.core.Vertx.currentContext();
        return loader.apply(partitions).map(loaded -> {
            loaded.forEach(l -> store.load(l.partition(), l.publications(), l.subscriptions()));
            LOG.info("cert owns partitions {} ({} subscriptions held)", partitions, store.subscriptionCount());
            return null;
        });
    }

    @Override
    public void onRevoked(Set<Integer> partitions) {
        store.drop(partitions);
    }

    @Override
    protected Future<List<Outcome>> onResponse(StageRecord record, SipResponse response) {
        return notLoaded(record).orElseGet(() -> done(notifyResult(record, response)));
    }

    @Override
    protected Future<List<Outcome>> onRequest(StageRequest request) {
        StageRecord record = request.record();
        SipRequest req = request.request();
        return notLoaded(record).orElseGet(() -> switch (req.method()) {
            case "ACK" -> done(Outcome.drop("ack"));
            case "SUBSCRIBE", "PUBLISH" -> done(request(request));
            default -> done(reply(record.event(), CertResponses.rejected(req,
                    Rejection.of(405, "Method Not Allowed", "method"))));
        });
    }

    /** A retriable failure while the state of the record's partition is not loaded yet. */
    private Optional<Future<List<Outcome>>> notLoaded(StageRecord record) {
        return store.owns(record.partition()) ? Optional.empty() : Optional.of(Future.failedFuture(
                new RetriableStageException("state of partition " + record.partition() + " not loaded")));
    }

    private List<Outcome> request(StageRequest request) {
        StageRecord record = request.record();
        SipRequest req = request.request();
        SipEvent event = record.event();
        boolean publish = req.method().equals("PUBLISH");
        if (!(req.requestUri() instanceof SipUri ruri)) {
            return refuse(event, req, publish, Rejection.of(416, "Unsupported URI Scheme", "uri"));
        }
        String aor = ruri.aor();
        if (!aor.equals(record.key())) {
            // state of this AOR lives in the partition of its own key; answering here could overwrite it
            return refuse(event, req, publish, Rejection.of(500, "Misrouted Request", "misrouted"));
        }
        Optional<EventHeader> ev = req.headers().first("Event").flatMap(EventHeader::parse);
        if (ev.isEmpty() || !EventPackages.ALL.contains(ev.get().eventPackage())) {
            return refuse(event, req, publish, Rejection.of(489, "Bad Event", "bad_event"));
        }
        if (req.bodyLength() > config.maxBodyBytes()) {
            return refuse(event, req, publish, Rejection.of(413, "Request Entity Too Large", "too_large"));
        }
        Optional<Rejection> denied = policy.check(req.method(), ev.get().eventPackage(), aor, identity(event),
                event.getFlow().getTransport(), ruri.secure());
        if (denied.isPresent()) {
            return refuse(event, req, publish, denied.get());
        }
        String tx = request.transactionId();
        return publish ? publish(record, req, aor, ev.get(), tx) : subscribe(record, req, aor, ev.get(), tx);
    }

    private List<Outcome> publish(StageRecord record, SipRequest req, String aor, EventHeader ev, String tx) {
        int partition = record.partition();
        var input = new PublishProcessor.Input(aor, ev.eventPackage(), req.headers().first("SIP-If-Match")
                .map(String::trim), req.expires(), req.contentType().orElse(""), req.body(), tx);
        Instant now = clock.instant();
        switch (publisher.process(input, store.publication(partition, aor, ev.eventPackage()), now)) {
            case PublishProcessor.Refused r -> {
                return refuse(record.event(), req, true, r.rejection());
            }
            case PublishProcessor.Accepted a -> {
                metrics.publication(a.kind().name().toLowerCase(java.util.Locale.ROOT));
                List<Publication> pubs = new ArrayList<>(store.publications(partition, aor).stream()
                        .filter(x -> !x.eventPackage().equals(ev.eventPackage())).toList());
                a.state().ifPresent(pubs::add);
                store.putPublications(partition, aor, pubs);
                List<Outcome> out = new ArrayList<>();
                out.add(pubs.isEmpty() ? Outcome.tombstone(publicationTopic, aor)
                        : Outcome.write(publicationTopic, aor, StateCodec.encodePublications(pubs)));
                out.add(reply(record.event(), CertResponses.published(req, a)));
                if (a.contentChanged()) {
                    out.addAll(notifyAll(partition, aor, ev.eventPackage(), now));
                }
                return out;
            }
        }
    }

    private List<Outcome> subscribe(StageRecord record, SipRequest req, String aor, EventHeader ev, String tx) {
        SipEvent event = record.event();
        int partition = record.partition();
        Optional<String> fromTag = req.from().tag();
        if (fromTag.isEmpty()) {
            return refuse(event, req, false, Rejection.of(400, "Missing From Tag", "missing_tag"));
        }
        String bodyType = ev.eventPackage().equals(EventPackages.CREDENTIAL) ? PublicationBodies.MULTIPART_MIXED
                : PublicationBodies.PKIX_CERT;
        if (!AcceptHeader.admits(req.headers().all("Accept"), bodyType)) {
            // RFC 6665 §4.2.1.1 / §8.2.1: NOTIFYs of this package carry only this body type
            return refuse(event, req, false, new Rejection(406, "Not Acceptable", "not_acceptable",
                    java.util.Map.of("Accept", bodyType)));
        }
        Instant now = clock.instant();
        Optional<String> ourTag = req.to().tag();
        if (ourTag.isEmpty() && !limiter.tryAcquire(event.getFlow().getRemoteHost(), now.toEpochMilli())) {
            return refuse(event, req, false, new Rejection(503, "Subscription Rate Exceeded", "rate_limited",
                    java.util.Map.of("Retry-After", "5")));
        }
        var input = new SubscribeProcessor.Input(aor, ev, req.callId(), fromTag.get(), ourTag, req.expires(),
                req.from().uri().toString(), req.contacts().isEmpty() ? Optional.empty()
                : Optional.of(req.contacts().getFirst().uri().toString()), event.getFlow(),
                req.cseq().sequence(), tx, SipIds.toTag(req));
        switch (subscriber.process(input, store.subscriptions(partition, aor), now)) {
            case SubscribeProcessor.Refused r -> {
                return refuse(event, req, false, r.rejection());
            }
            case SubscribeProcessor.Accepted a -> {
                metrics.subscribe(a.terminated() ? "ended" : a.changed() ? "accepted" : "replay");
                Subscription target = a.target();
                long cseq = target.notifyCseq() + 1;
                List<Subscription> subs = new ArrayList<>(a.subscriptions());
                subs.replaceAll(s -> s.isDialog(target.callId(), target.subscriberTag(), target.ourTag())
                        ? s.withNotifyCseq(cseq) : s);
                // a fetch (or a replay) that changes nothing stored writes nothing: no state record per poll
                boolean unchanged = subs.equals(store.subscriptions(partition, aor));
                store.putSubscriptions(partition, aor, subs);
                List<Outcome> out = new ArrayList<>();
                if (!unchanged) {
                    out.add(subs.isEmpty() ? Outcome.tombstone(subscriptionTopic, aor)
                            : Outcome.write(subscriptionTopic, aor, StateCodec.encodeSubscriptions(subs)));
                }
                out.add(reply(event, CertResponses.subscribed(req, target.ourTag(), a.expiresSeconds(),
                        event.getFlow())));
                NotifyBuilder.State state = !a.terminated() ? NotifyBuilder.State.active(a.expiresSeconds())
                        : ourTag.isEmpty() ? NotifyBuilder.State.fetched() : NotifyBuilder.State.terminated("timeout");
                Optional<Publication> current = store.publication(partition, aor, target.eventPackage())
                        .filter(x -> !x.expired(now.toEpochMilli()));
                if (ev.eventPackage().equals(EventPackages.CREDENTIAL)
                        && current.map(Publication::etag).equals(ev.etag())) {
                    // RFC 6072 §7: the subscriber already holds this credential; the NOTIFY names it, no body
                    current = current.map(Publication::withoutBody);
                }
                notifier.notify(aor, target, cseq, state, current).ifPresent(out::add);
                return out;
            }
        }
    }

    /** A NOTIFY to every live subscriber of {@code aor}'s {@code eventPackage} (state changed or went away). */
    private List<Outcome> notifyAll(int partition, String aor, String eventPackage, Instant now) {
        long nowMs = now.toEpochMilli();
        Optional<Publication> pub = store.publication(partition, aor, eventPackage);
        List<Subscription> subs = new ArrayList<>(store.subscriptions(partition, aor).stream()
                .filter(s -> !s.expired(nowMs)).toList());
        List<Outcome> notifies = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            Subscription s = subs.get(i);
            if (!s.eventPackage().equals(eventPackage)) {
                continue;
            }
            Subscription next = s.withNotifyCseq(s.notifyCseq() + 1);
            subs.set(i, next);
            long remaining = Math.max(1, (s.expiresAtMs() - nowMs) / 1000);
            notifier.notify(aor, next, next.notifyCseq(), NotifyBuilder.State.active(remaining), pub)
                    .ifPresent(notifies::add);
        }
        if (notifies.isEmpty()) {
            return List.of();
        }
        store.putSubscriptions(partition, aor, subs);
        List<Outcome> out = new ArrayList<>();
        out.add(Outcome.write(subscriptionTopic, aor, StateCodec.encodeSubscriptions(subs)));
        out.addAll(notifies);
        return out;
    }

    /**
     * Ends what expired (RFC 6665 §4.2.2 {@code terminated;reason=timeout} NOTIFY for a subscription; RFC 3903 §6 an
     * expired publication is removed and its subscribers are told) and returns the writes and NOTIFYs to produce.
     * Must run on the stage's event loop, like {@link #handle}.
     */
    public List<Outcome> sweep() {
        Instant now = clock.instant();
        long nowMs = now.toEpochMilli();
        List<Outcome> out = new ArrayList<>();
        for (int partition : store.partitions()) {
            for (var e : store.subscriptionsOf(partition).entrySet()) {
                String aor = e.getKey();
                List<Subscription> live = e.getValue().stream().filter(x -> !x.expired(nowMs)).toList();
                if (live.size() == e.getValue().size()) {
                    continue;
                }
                for (Subscription gone : e.getValue()) {
                    if (gone.expired(nowMs)) {
                        notifier.notify(aor, gone, gone.notifyCseq() + 1, NotifyBuilder.State.terminated("timeout"),
                                Optional.empty()).ifPresent(out::add);
                    }
                }
                store.putSubscriptions(partition, aor, live);
                out.add(live.isEmpty() ? Outcome.tombstone(subscriptionTopic, aor)
                        : Outcome.write(subscriptionTopic, aor, StateCodec.encodeSubscriptions(live)));
            }
            for (String aor : store.aorsWithPublications(partition)) {
                List<Publication> pubs = store.publications(partition, aor);
                List<Publication> live = pubs.stream().filter(x -> !x.expired(nowMs)).toList();
                if (live.size() == pubs.size()) {
                    continue;
                }
                store.putPublications(partition, aor, live);
                out.add(live.isEmpty() ? Outcome.tombstone(publicationTopic, aor)
                        : Outcome.write(publicationTopic, aor, StateCodec.encodePublications(live)));
                pubs.stream().filter(x -> x.expired(nowMs)).forEach(x -> {
                    metrics.publication("expired");
                    out.addAll(notifyAll(partition, aor, x.eventPackage(), now));
                });
            }
        }
        return out;
    }

    /** RFC 6665 §4.2.2: a NOTIFY answered 481, or timed out (408), ends its subscription. */
    private List<Outcome> notifyResult(StageRecord record, SipResponse resp) {
        if (!resp.cseq().method().equals("NOTIFY")) {
            return List.of(Outcome.drop("response"));
        }
        int status = resp.status();
        metrics.notifyResult(status < 300 ? "2xx" : status == 408 || status == 481 ? Integer.toString(status)
                : "other");
        if (status != 408 && status != 481) {
            return List.of(Outcome.drop("notify_result"));
        }
        String aor = record.key() == null ? "" : record.key();
        String ourTag = resp.from().tag().orElse("");
        String theirTag = resp.to().tag().orElse("");
        List<Subscription> subs = store.subscriptions(record.partition(), aor);
        List<Subscription> kept = subs.stream().filter(s -> !s.isDialog(resp.callId(), theirTag, ourTag)).toList();
        if (kept.size() == subs.size()) {
            return List.of(Outcome.drop("notify_result"));
        }
        store.putSubscriptions(record.partition(), aor, kept);
        return List.of(kept.isEmpty() ? Outcome.tombstone(subscriptionTopic, aor)
                : Outcome.write(subscriptionTopic, aor, StateCodec.encodeSubscriptions(kept)));
    }

    private List<Outcome> refuse(SipEvent event, SipRequest req, boolean publish, Rejection r) {
        if (publish) {
            metrics.publication(r.tag());
        } else {
            metrics.subscribe(r.tag());
        }
        return List.of(reply(event, CertResponses.rejected(req, r)));
    }

    /** The identity the auth stage asserted, if any. */
    static Optional<AuthAssertion> identity(SipEvent event) {
        return AuthAssertions.of(event);
    }

    private Outcome reply(SipEvent event, SipResponse response) {
        return replies().reply(event, response);
    }
}
