package io.vouch.media;

import io.vouch.media.MediaKeyingConfig.InsecureHopAction;
import io.vouch.sdp.SessionDescription;
import java.util.List;
import java.util.Objects;

/**
 * Enforces where SDES keys may travel (RFC 4568 §8.3: keys in the clear are only as safe as the signalling hop):
 * keys arriving without TLS on the hop (or, when configured, without a SIPS Request-URI) are refused, stripped or
 * allowed; malformed or disallowed crypto lines are refused. Pure logic, no I/O.
 */
public final class SdesPolicy {
    /** The RFC 3261 §20.43 warn-code used: 399, miscellaneous warning. */
    public static final int WARN_CODE = 399;
    public static final int NOT_ACCEPTABLE_HERE = 488;

    private final MediaKeyingConfig config;
    private final SdesValidator validator;

    public SdesPolicy(MediaKeyingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.validator = new SdesValidator(config);
    }

    /** What to do with a request carrying {@code sd}. */
    public sealed interface Decision {
        /** No {@code a=crypto} anywhere. */
        record NoSdes() implements Decision {
        }

        /** SDES offered over an acceptable hop, or allowed by configuration; {@code media} has the valid lines. */
        record Accept(List<SdesValidator.MediaCrypto> media, boolean insecureHop) implements Decision {
            public Accept {
                media = List.copyOf(media);
            }
        }

        /**
         * Answer {@link #NOT_ACCEPTABLE_HERE}; {@code reason} is a short metric tag, {@code warning} the text of the
         * Warning header (RFC 3261 §20.43) saying why.
         */
        record Refuse(String reason, String warning) implements Decision {
            public int status() {
                return NOT_ACCEPTABLE_HERE;
            }

            /** The Warning header value {@code 399 <agent> "<text>"}. */
            public String warningHeader(String agent) {
                return WARN_CODE + " " + agent + " \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
        }

        /** Forward {@code stripped} (no {@code a=crypto} left) and signal {@code reason}. */
        record Strip(SessionDescription stripped, String reason) implements Decision {
        }
    }

    /**
     * Decides for the offer {@code sd} that arrived on a hop with ({@code hopIsTls}) or without TLS, addressed to a
     * SIPS ({@code sipsRequestUri}) or other Request-URI.
     */
    public Decision decide(SessionDescription sd, boolean hopIsTls, boolean sipsRequestUri) {
        if (!sd.hasAttributeAnywhere("crypto")) {
            return new Decision.NoSdes();
        }
        boolean insecure = !hopIsTls || config.requireSips() && !sipsRequestUri;
        if (insecure) {
            String why = !hopIsTls ? "SDES keys received over a hop without TLS"
                : "SDES keys sent to a Request-URI that is not SIPS";
            String tag = !hopIsTls ? "sdes-without-tls" : "sdes-without-sips";
            switch (config.insecureHop()) {
                case REFUSE -> {
                    return new Decision.Refuse(tag, why + "; use TLS (SIPS) or DTLS-SRTP");
                }
                case STRIP -> {
                    return new Decision.Strip(sd.withoutAttributes("crypto"), tag);
                }
                case ALLOW -> {
                }
            }
        }
        List<SdesValidator.MediaCrypto> media = validator.inspect(sd);
        for (SdesValidator.MediaCrypto m : media) {
            if (m.offersSdes() && m.accepted().isEmpty()) {
                return new Decision.Refuse("sdes-invalid", "No acceptable SDES crypto attribute: "
                    + m.problems().get(0));
            }
            if (!m.problems().isEmpty() && m.mediaIndex() < 0) {
                return new Decision.Refuse("sdes-invalid", "Invalid SDES crypto attribute: " + m.problems().get(0));
            }
        }
        return new Decision.Accept(media, insecure && config.insecureHop() == InsecureHopAction.ALLOW);
    }
}
