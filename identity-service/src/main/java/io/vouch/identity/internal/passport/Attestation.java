package io.vouch.identity.internal.passport;

import java.util.Optional;

/** SHAKEN attestation level carried in the {@code attest} claim (RFC 8588 §4). */
public enum Attestation {
    /** Full: the signer authenticated the caller and the caller is authorized to use the calling number. */
    A,
    /** Partial: the signer authenticated the caller but cannot vouch for the calling number. */
    B,
    /** Gateway: the signer only knows where the call entered its network. */
    C;

    /** Parses the claim value; empty for anything but exactly {@code A}, {@code B} or {@code C}. */
    public static Optional<Attestation> parse(String value) {
        return switch (value) {
            case "A" -> Optional.of(A);
            case "B" -> Optional.of(B);
            case "C" -> Optional.of(C);
            case null, default -> Optional.empty();
        };
    }
}
