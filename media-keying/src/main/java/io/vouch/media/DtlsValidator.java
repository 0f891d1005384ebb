package io.vouch.media;

import io.vouch.sdp.Fingerprint;
import io.vouch.sdp.MediaDescription;
import io.vouch.sdp.SdpAttribute;
import io.vouch.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the DTLS-SRTP attributes of an offer or answer: every {@code a=fingerprint} well formed with a hash at
 * least the configured minimum (RFC 8122 §5), a fingerprint for each media description using a TLS-based proto,
 * {@code a=setup} consistent with the role (RFC 5763 §5: the offer SHOULD be {@code actpass}, an answer is
 * {@code active} or {@code passive}; RFC 4145 §4 default {@code active}), {@code a=tls-id} syntax and count
 * (RFC 8842 §4).
 */
public final class DtlsValidator {
    private final MediaKeyingConfig config;

    public DtlsValidator(MediaKeyingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Offer or answer (RFC 3264). */
    public enum Role { OFFER, ANSWER }

    /** The verdict on the DTLS-SRTP attributes of one description. */
    public sealed interface Result {
        /** No fingerprint anywhere and no TLS-based media proto. */
        record NoDtls() implements Result {
        }

        /** Valid; {@code fingerprints} are the distinct fingerprints in SDP order. */
        record Valid(List<Fingerprint> fingerprints) implements Result {
            public Valid {
                fingerprints = List.copyOf(fingerprints);
            }
        }

        /** {@code reason} is short fixed text usable in a 488 Warning and as a metric tag. */
        record Invalid(String reason) implements Result {
        }
    }

    public Result inspect(SessionDescription sd, Role role) {
        Set<Fingerprint> all = new LinkedHashSet<>();
        List<SdpAttribute> sessionFingerprints = sd.attributes("fingerprint");
        String problem = collect(sessionFingerprints, all);
        if (problem != null) {
            return new Result.Invalid(problem);
        }
        boolean dtls = !all.isEmpty();
        List<SdpAttribute> sessionSetup = sd.attributes("setup");
        for (MediaDescription m : sd.media()) {
            List<SdpAttribute> fps = m.attributes("fingerprint");
            problem = collect(fps, all);
            if (problem != null) {
                return new Result.Invalid(problem);
            }
            boolean tlsProto = m.media().proto().toUpperCase(Locale.ROOT).contains("TLS");
            boolean hasFingerprint = !fps.isEmpty() || !sessionFingerprints.isEmpty();
            if (!tlsProto && !hasFingerprint) {
                continue;
            }
            dtls = true;
            if (tlsProto && !hasFingerprint && m.media().port() != 0) {
                return new Result.Invalid("fingerprint missing");
            }
            List<SdpAttribute> setup = m.attributes("setup").isEmpty() ? sessionSetup : m.attributes("setup");
            problem = setup(setup, role);
            if (problem == null) {
                problem = tlsId(m.attributes("tls-id"));
            }
            if (problem != null) {
                return new Result.Invalid(problem);
            }
        }
        if (!sd.attributes("tls-id").isEmpty()) {
            return new Result.Invalid("tls-id at session level");
        }
        return dtls ? new Result.Valid(new ArrayList<>(all)) : new Result.NoDtls();
    }

    private String collect(List<SdpAttribute> attributes, Set<Fingerprint> into) {
        for (SdpAttribute a : attributes) {
            switch (Fingerprint.parse(a.valueOrEmpty())) {
                case Fingerprint.ParseResult.Invalid i -> {
                    return i.reason();
                }
                case Fingerprint.ParseResult.Parsed p -> {
                    if (!p.fingerprint().hash().orElseThrow().atLeast(config.minFingerprintHash())) {
                        return "fingerprint hash too weak";
                    }
                    into.add(p.fingerprint());
                }
            }
        }
        return null;
    }

    private static String setup(List<SdpAttribute> setup, Role role) {
        if (setup.size() > 1) {
            return "setup repeated";
        }
        String value = setup.isEmpty() ? "active" : setup.get(0).valueOrEmpty().strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "actpass" -> role == Role.ANSWER ? "setup actpass in answer" : null;
            case "active", "passive" -> null;
            case "holdconn" -> "setup holdconn with DTLS";
            default -> "setup value unknown";
        };
    }

    private static String tlsId(List<SdpAttribute> ids) {
        if (ids.size() > 1) {
            return "tls-id repeated";
        }
        if (ids.size() == 1 && !ids.get(0).valueOrEmpty().strip().matches("[A-Za-z0-9+/_-]{20,255}")) {
            return "tls-id malformed";
        }
        return null;
    }
}
