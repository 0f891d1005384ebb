package io.vouch.cert.internal;

import io.vouch.cert.CertConfig;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The RFC 3903 §6 event state compositor for one AOR and package: initial publication, refresh, modify and removal,
 * with a new entity-tag for every accepted PUBLISH (so a stale SIP-If-Match always fails), 412 for an unknown
 * entity-tag, 423 + Min-Expires, and the same answer for a redelivered PUBLISH (same transaction). Pure: state in,
 * result out.
 */
public final class PublishProcessor {
    private final CertConfig config;
    private final PublicationBodies bodies;

    public PublishProcessor(CertConfig config, PublicationBodies bodies) {
        this.config = Objects.requireNonNull(config, "config");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
    }

    /** One PUBLISH as the processor needs it. */
    public record Input(String aor, String eventPackage, Optional<String> ifMatch, OptionalLong expires,
                        String contentType, byte[] body, String transaction) {
    }

    /** What an accepted PUBLISH did. */
    public enum Kind { INITIAL, MODIFY, REFRESH, REMOVE, REPLAY }

    /** The outcome of one PUBLISH. */
    public sealed interface Result {
    }

    /** 200 OK: the new state (empty once removed), the entity-tag and Expires to answer with. */
    public record Accepted(Kind kind, Optional<Publication> state, Optional<String> etag, long expiresSeconds)
            implements Result {
        /** Whether subscribers must be told (the published content changed or went away). */
        public boolean contentChanged() {
            return kind == Kind.INITIAL || kind == Kind.MODIFY || kind == Kind.REMOVE;
        }
    }

    /** An error response. */
    public record Refused(Rejection rejection) implements Result {
    }

    public Result process(Input in, Optional<Publication> stored, Instant now) {
        long nowMs = now.toEpochMilli();
        Optional<Publication> current = stored.filter(p -> !p.expired(nowMs));
        if (current.isPresent() && current.get().lastTransaction().equals(in.transaction())) {
            Publication p = current.get();
            return new Accepted(Kind.REPLAY, current, Optional.of(p.etag()),
                    Math.max(0, (p.expiresAtMs() - nowMs + 999) / 1000));
        }
        long expires;
        if (in.expires().isEmpty()) {
            expires = config.publishDefaultExpires();
        } else if (in.expires().getAsLong() == 0) {
            expires = 0;
        } else if (in.expires().getAsLong() < config.publishMinExpires()) {
            // RFC 3903 §6 step 3
            return new Refused(new Rejection(423, "Interval Too Brief", "interval_too_brief",
                    Map.of("Min-Expires", Long.toString(config.publishMinExpires()))));
        } else {
            expires = Math.min(in.expires().getAsLong(), config.publishMaxExpires());
        }
        boolean hasBody = in.body().length > 0;
        if (in.ifMatch().isPresent()) {
            // RFC 3903 §6 step 4: the entity-tag must name the current publication
            if (current.isEmpty() || !current.get().etag().equals(in.ifMatch().get())) {
                return new Refused(Rejection.of(412, "Conditional Request Failed", "unknown_etag"));
            }
            Publication cur = current.get();
            if (expires == 0) {
                return new Accepted(Kind.REMOVE, Optional.empty(), Optional.empty(), 0);
            }
            String etag = etag(in, cur.etag());
            long at = nowMs + expires * 1000;
            if (!hasBody) {
                Publication next = new Publication(cur.eventPackage(), etag, cur.contentType(), cur.body(), at,
                        in.transaction());
                return new Accepted(Kind.REFRESH, Optional.of(next), Optional.of(etag), expires);
            }
            return publish(in, now, Kind.MODIFY, etag, at, expires);
        }
        if (!hasBody) {
            // RFC 3903 §6 step 5: an initial publication carries the state
            return new Refused(Rejection.of(400, "Initial PUBLISH Without Body", "missing_body"));
        }
        if (expires == 0) {
            return new Refused(Rejection.of(400, "Expires 0 Without SIP-If-Match", "bad_expires"));
        }
        return publish(in, now, Kind.INITIAL, etag(in, current.map(Publication::etag).orElse("")),
                nowMs + expires * 1000, expires);
    }

    private Result publish(Input in, Instant now, Kind kind, String etag, long atMs, long expires) {
        return switch (bodies.validate(in.eventPackage(), in.contentType(), in.body(), in.aor(), now)) {
            case Check.Refused<PublicationBodies.Body> r -> new Refused(r.rejection());
            case Check.Ok<PublicationBodies.Body> ok -> new Accepted(kind, Optional.of(new Publication(
                    in.eventPackage(), etag, ok.value().contentType(), ok.value().bytes(), atMs, in.transaction())),
                    Optional.of(etag), expires);
        };
    }

    /**
     * A fresh entity-tag: a digest of the AOR, package, this transaction and the previous tag. Deterministic, so a
     * PUBLISH handled twice (redelivery) yields the same tag; new for every transaction, so it rotates on every
     * accepted PUBLISH.
     */
    static String etag(Input in, String previous) {
        return Tags.of(12, in.aor(), in.eventPackage(), in.transaction(), previous);
    }
}
