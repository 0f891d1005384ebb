package io.vouch.media;

import io.vouch.media.CryptoAttribute.CryptoParseResult;
import io.vouch.media.srtp.SrtpSuite;
import io.vouch.sdp.MediaDescription;
import io.vouch.sdp.SdpAttribute;
import io.vouch.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks every {@code a=crypto} line of a session description against RFC 4568 and the configured policy: suite
 * allow-list, decoded key ‖ salt length of the suite, lifetime within the suite limit, known session parameters
 * (RFC 4568 §6.3; unknown ones only with the {@code -} prefix of §9.2), unprotected parameters refused by default.
 */
public final class SdesValidator {
    private static final Set<String> UNPROTECTED = Set.of("UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP",
        "UNAUTHENTICATED_SRTP");

    private final MediaKeyingConfig config;

    public SdesValidator(MediaKeyingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** One media description's crypto lines: the acceptable ones and the problems of the others. */
    public record MediaCrypto(int mediaIndex, List<CryptoAttribute> accepted, List<String> problems) {
        public MediaCrypto {
            accepted = List.copyOf(accepted);
            problems = List.copyOf(problems);
        }

        public boolean offersSdes() {
            return !accepted.isEmpty() || !problems.isEmpty();
        }
    }

    /** The crypto lines of every media description; session-level {@code a=crypto} is reported under index -1. */
    public List<MediaCrypto> inspect(SessionDescription sd) {
        List<MediaCrypto> out = new ArrayList<>();
        if (!sd.attributes("crypto").isEmpty()) {
            out.add(new MediaCrypto(-1, List.of(), List.of("crypto attribute at session level")));
        }
        for (int i = 0; i < sd.media().size(); i++) {
            MediaDescription m = sd.media().get(i);
            List<CryptoAttribute> ok = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            List<Long> tags = new ArrayList<>();
            for (SdpAttribute a : m.attributes("crypto")) {
                switch (validate(a.valueOrEmpty())) {
                    case Line.Valid v -> {
                        if (tags.contains(v.attribute().tag())) {
                            problems.add("crypto tag repeated");
                        } else {
                            ok.add(v.attribute());
                        }
                        tags.add(v.attribute().tag());
                    }
                    case Line.Refused r -> problems.add(r.reason());
                }
            }
            out.add(new MediaCrypto(i, ok, problems));
        }
        return out;
    }

    /** The verdict on one {@code a=crypto} value. */
    public sealed interface Line {
        record Valid(CryptoAttribute attribute, SrtpSuite suite) implements Line {
        }

        /** Malformed or not allowed; {@code reason} is short fixed text. */
        record Refused(String reason) implements Line {
        }
    }

    /** Parses and checks one {@code a=crypto} value. */
    public Line validate(String value) {
        return switch (CryptoAttribute.parse(value)) {
            case CryptoParseResult.Invalid i -> new Line.Refused(i.reason());
            case CryptoParseResult.Parsed p -> check(p.attribute());
        };
    }

    private Line check(CryptoAttribute a) {
        Optional<SrtpSuite> suite = SrtpSuite.bySdesName(a.suite());
        if (suite.isEmpty() || !config.suites().contains(suite.get())) {
            return new Line.Refused("crypto suite not allowed");
        }
        for (SdesKey k : a.keys()) {
            if (k.keySalt().length != suite.get().keySaltLength()) {
                return new Line.Refused("crypto key length wrong for suite");
            }
            if (k.lifetime().isPresent() && k.lifetime().getAsLong() > suite.get().maxLifetime()) {
                return new Line.Refused("crypto lifetime over suite limit");
            }
        }
        for (String p : a.sessionParams()) {
            String problem = sessionParam(p);
            if (problem != null) {
                return new Line.Refused(problem);
            }
        }
        return new Line.Valid(a, suite.get());
    }

    private String sessionParam(String p) {
        if (UNPROTECTED.contains(p)) {
            return config.allowUnprotected() ? null : "unprotected SRTP parameter refused";
        }
        if (p.startsWith("KDR=")) {
            return p.substring(4).matches("[0-9]{1,2}") && Integer.parseInt(p.substring(4)) <= 24 ? null
                : "crypto KDR malformed";
        }
        if (p.startsWith("WSH=")) {
            return p.substring(4).matches("[0-9]{2,9}") && Integer.parseInt(p.substring(4)) >= 64 ? null
                : "crypto WSH malformed";
        }
        if (p.startsWith("FEC_ORDER=")) {
            return p.equals("FEC_ORDER=FEC_SRTP") || p.equals("FEC_ORDER=SRTP_FEC") ? null : "crypto FEC_ORDER malformed";
        }
        if (p.startsWith("FEC_KEY=") || p.startsWith("-")) {
            return null;
        }
        return "crypto session parameter unknown";
    }
}
