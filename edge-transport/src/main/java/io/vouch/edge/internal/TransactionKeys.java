package io.vouch.edge.internal;

import io.vouch.sip.SipRequest;
import io.vouch.sip.Via;

/**
 * Server transaction keys (RFC 3261 §17.2.3), scoped to the source of the request so that one client cannot match
 * (and so hijack) another client's transaction by reusing its branch.
 */
public final class TransactionKeys {
    private TransactionKeys() {
    }

    /** The key of the transaction {@code request} belongs to; ACK and CANCEL use {@link #matching}. */
    public static String of(SipRequest request, String source) {
        return key(request, source, request.method());
    }

    /**
     * The key of the INVITE transaction an ACK (for a non-2xx response) or CANCEL refers to (RFC 3261 §9.2, §17.2.3).
     */
    public static String matching(SipRequest ackOrCancel, String source) {
        return key(ackOrCancel, source, "INVITE");
    }

    private static String key(SipRequest r, String source, String method) {
        Via via = r.topVia();
        StringBuilder sb = new StringBuilder(96).append(source).append('|');
        if (via.rfc3261Branch()) {
            // RFC 3261 §17.2.3: branch + sent-by + method (ACK matches INVITE).
            sb.append(via.branch().orElse("")).append('|').append(via.host()).append(':').append(via.port());
        } else {
            // RFC 2543 compatibility: Request-URI, To tag, From tag, Call-ID, CSeq number and top Via.
            sb.append(r.requestUriText()).append('|').append(r.to().tag().orElse("")).append('|')
                    .append(r.from().tag().orElse("")).append('|').append(r.callId()).append('|')
                    .append(r.cseq().sequence()).append('|').append(via);
        }
        return sb.append('|').append(method).toString();
    }
}
