package io.vouch.runtime.sip;

import java.util.List;
import java.util.Set;

/**
 * What the ensemble as a whole implements, listed once for every answer that advertises it (RFC 3261 §11.2, §20.5,
 * §20.37, §20.1): the edge's 405/501 and 420 and the registrar's OPTIONS and 405 answers.
 */
public final class SipCapabilities {
    /** Methods the ensemble implements, for {@code Allow}. */
    public static final List<String> ALLOW = List.of("INVITE", "ACK", "CANCEL", "OPTIONS", "REGISTER", "SUBSCRIBE",
            "PUBLISH");
    /**
     * Option tags the ensemble supports (RFC 3327 path, RFC 5626 outbound, RFC 5627 gruu), lower case, for
     * {@code Supported}.
     */
    public static final List<String> SUPPORTED = List.of("path", "outbound", "gruu");
    /** Body types accepted in requests, for {@code Accept}. */
    public static final String ACCEPT = "application/sdp";

    private static final Set<String> SUPPORTED_SET = Set.copyOf(SUPPORTED);

    private SipCapabilities() {
    }

    /** {@code Allow} as a header value. */
    public static String allowHeader() {
        return String.join(", ", ALLOW);
    }

    /** {@code Supported} as a header value. */
    public static String supportedHeader() {
        return String.join(", ", SUPPORTED);
    }

    /** Whether option tag {@code tag} (any case) is supported. */
    public static boolean supports(String tag) {
        return SUPPORTED_SET.contains(tag.toLowerCase(java.util.Locale.ROOT));
    }
}
