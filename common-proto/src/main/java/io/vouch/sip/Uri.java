package io.vouch.sip;

import io.vouch.sip.internal.UriParser;
import java.util.Optional;

/** A URI as it appears in SIP messages: SIP/SIPS (RFC 3261 §19.1), tel (RFC 3966) or any other absolute URI. */
public sealed interface Uri permits SipUri, TelUri, AbsoluteUri {

    /** The scheme in lower case: {@code sip}, {@code sips}, {@code tel} or another. */
    String scheme();

    /**
     * Parses untrusted text into a URI; empty when it is not a well-formed SIP, SIPS or tel URI or an
     * absolute URI of another scheme without white space or control characters.
     */
    static Optional<Uri> parse(String text) {
        return Optional.ofNullable(UriParser.parse(text));
    }
}
