package io.vouch.registrar;

import java.util.List;

/**
 * The location service of RFC 3261 §10.3 for later routing stages: the current bindings of an address of record,
 * read from the registrar's in-memory materialization of the compacted {@code vouch.bindings} topic.
 *
 * <p>Only the replica that owns the AOR's partition of {@code vouch.sip.registrar} holds its bindings, so a caller
 * must run in that replica (for example a stage co-partitioned by the same AOR key) or materialize the topic itself.
 * Thread-safe: the returned values are immutable snapshots.
 */
public interface LocationService {
    /**
     * The unexpired bindings of {@code aor} (a {@code io.vouch.proto.Topics.aorKey} key such as
     * {@code alice@example.com}), highest {@code q} first, most recently updated first among equals; empty when the
     * AOR has none or its partition is not owned here.
     */
    List<Binding> lookup(String aor);

    /**
     * The contact a GRUU (RFC 5627 §3.1) routes to: for a public GRUU ({@code sip:user@host;gr=urn:...}) the most
     * preferred unexpired binding of that AOR with that instance; for a temporary GRUU the binding it was issued
     * for, while unexpired. Empty when {@code uri} is not a GRUU this registrar issued, the binding is gone, or its
     * AOR's partition is not owned here.
     */
    java.util.Optional<Binding> resolveGruu(String uri);
}
