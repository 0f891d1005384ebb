package io.vouch.identity.internal.verify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the verification service needs from an INVITE (RFC 8224 §6.2): the Identity header values in order, the
 * canonical originating identity (from P-Asserted-Identity or From, §8.3), the destination numbers (To, else the
 * Request-URI), the Date header, and a key naming the call (Call-ID) for replay detection.
 */
public record VerificationRequest(List<String> identityHeaders, Optional<String> origTn, Optional<String> origUri,
                                  List<String> destTns, Optional<Instant> date, String callKey) {
    public VerificationRequest {
        identityHeaders = List.copyOf(identityHeaders);
        Objects.requireNonNull(origTn, "origTn");
        Objects.requireNonNull(origUri, "origUri");
        destTns = List.copyOf(destTns);
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(callKey, "callKey");
    }
}
