package io.vouch.cert.internal;

import java.util.Set;

/** The event packages this service serves (RFC 6072 §6 and §7). */
public final class EventPackages {
    public static final String CERTIFICATE = "certificate";
    public static final String CREDENTIAL = "credential";
    public static final Set<String> ALL = Set.of(CERTIFICATE, CREDENTIAL);
    /** The Allow-Events value of 489 responses (RFC 6665 §8.2.2). */
    public static final String ALLOW_EVENTS = CERTIFICATE + ", " + CREDENTIAL;

    private EventPackages() {
    }
}
