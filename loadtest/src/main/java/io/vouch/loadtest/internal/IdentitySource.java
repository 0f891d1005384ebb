package io.vouch.loadtest.internal;

import java.util.function.Consumer;

/** Produces Identity header values (RFC 8224 §4.1) for INVITEs to be verified, possibly off the engine's thread. */
public interface IdentitySource {

    /**
     * Signs a PASSporT for the given telephone numbers; {@code onSigned} receives the header value, or
     * {@code onFailed} the cause, on the engine's thread.
     */
    void sign(String origTn, String destTn, Consumer<String> onSigned, Consumer<Throwable> onFailed);

    /** For scenarios that never verify. */
    IdentitySource NONE = (orig, dest, ok, failed) -> failed.accept(new IllegalStateException("no signer"));
}
