package io.vouch.standalone;

import io.vouch.identity.Rfc4474;
import io.vouch.sip.SipDate;
import io.vouch.sip.SipRequest;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Signs the certificate service's NOTIFYs as the domain (RFC 4474 §5): adds {@code Date}, then {@code Identity} over
 * the §9 digest string (From, To, Call-ID, CSeq, Date, Contact and the body, so the certificate a NOTIFY carries is
 * covered) with the domain's RSA key, and {@code Identity-Info} naming the domain certificate in the HTTPS repository.
 * RFC 8224 PASSporTs cover no body, which is the point here, hence the legacy RFC 4474 form, computed with
 * identity-service's {@link Rfc4474}.
 */
final class NotifySigner implements UnaryOperator<SipRequest> {
    private final PrivateKey domainKey;
    private final String certificateUrl;
    private final Clock clock;

    NotifySigner(PrivateKey domainKey, String certificateUrl, Clock clock) {
        this.domainKey = Objects.requireNonNull(domainKey, "domainKey");
        this.certificateUrl = Objects.requireNonNull(certificateUrl, "certificateUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!certificateUrl.startsWith("https://")) {
            throw new IllegalArgumentException("Identity-Info must be an https URL: " + certificateUrl);
        }
    }

    @Override
    public SipRequest apply(SipRequest req) {
        String date = req.headers().first("Date").orElseGet(() -> SipDate.format(clock.instant()));
        String contact = req.contacts().isEmpty() ? "" : String.valueOf(req.contacts().getFirst().uri());
        Rfc4474.Parts parts = new Rfc4474.Parts(req.from().uri().toString(), req.to().uri().toString(),
                req.callId(), req.cseq().sequence(), req.cseq().method(), date, contact, req.body());
        return req.newBuilder()
                .setHeader("Date", date)
                .setHeader("Identity", Rfc4474.sign(parts, domainKey))
                .setHeader("Identity-Info", Rfc4474.identityInfo(certificateUrl))
                .build();
    }
}
