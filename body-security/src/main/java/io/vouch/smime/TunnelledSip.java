package io.vouch.smime;

import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipDate;
import io.vouch.sip.SipRequest;
import io.vouch.smime.internal.SipFragment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Tunnelled SIP (RFC 3261 §23.4, RFC 3893): a {@code message/sip} copy of the request or a {@code message/sipfrag}
 * Authenticated Identity Body, signed so that a recipient can check the headers proxies may not change. A receiver
 * compares From and To (URI and tag; display names may differ), Call-ID, CSeq, Date and Contact with the outer request,
 * and requires From, Call-ID, CSeq and Date (RFC 3893 §3) with a Date no further from now than the given skew
 * (RFC 3893 §6). Via, Route, Record-Route, Max-Forwards and the Request-URI are not compared: proxies change them.
 */
public final class TunnelledSip {
    /** Headers an AIB carries (RFC 3893 §3). */
    public static final List<String> AIB_HEADERS = List.of("From", "To", "Call-ID", "CSeq", "Date", "Contact");

    private TunnelledSip() {
    }

    /** The outcome of comparing tunnelled headers with the outer request. */
    public sealed interface Result {
        /** Every compared header matches; the tunnelled header fields in order. */
        record Consistent(List<MimeEntity.Header> headers) implements Result {
            public Consistent {
                headers = List.copyOf(headers);
            }
        }

        /** {@code header} differs from the outer request, is missing, or (Date) is stale: answer 403 (RFC 3893 §6). */
        record Mismatch(String header) implements Result {
            public Mismatch {
                Objects.requireNonNull(header, "header");
            }
        }

        record Malformed(String reason) implements Result {
            public Malformed {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /** The whole request as {@code message/sip} (RFC 3261 §23.4.1.1); it must carry a Date header. */
    public static MimeEntity wrap(SipRequest request) {
        if (request.headers().first("Date").isEmpty()) {
            throw new IllegalArgumentException("a tunnelled request needs a Date header (RFC 3261 §23.4.1.1)");
        }
        return MimeEntity.of("message/sip", new SipMessageEncoder().encode(request));
    }

    /** An AIB: {@code message/sipfrag} with the request's From, To, Call-ID, CSeq, Date and Contact (RFC 3893 §3). */
    public static MimeEntity fragment(SipRequest request) {
        StringBuilder sb = new StringBuilder();
        for (String name : AIB_HEADERS) {
            request.headers().first(name).ifPresent(v -> sb.append(name).append(": ").append(v).append("\r\n"));
        }
        if (request.headers().first("Date").isEmpty()) {
            throw new IllegalArgumentException("an AIB needs a Date header (RFC 3893 §3)");
        }
        return MimeEntity.of("message/sipfrag", sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** An RFC 1123 Date value for {@code time}, as SIP's Date header takes it (RFC 3261 §20.17). */
    public static String date(Instant time) {
        return SipDate.format(time);
    }

    /** Compares a verified tunnelled body with the outer request; never throws on input. */
    public static Result check(SipRequest outer, MimeEntity tunnelled, Instant now, Duration maxDateSkew) {
        return SipFragment.check(outer, tunnelled, now, maxDateSkew);
    }
}
