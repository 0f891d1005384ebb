package io.vouch.cert.internal.body;

import io.vouch.cert.internal.UserCertificateValidator;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipUri;
import io.vouch.smime.BodyKind;
import io.vouch.smime.CpimMessage;
import io.vouch.smime.MimeEntity;
import io.vouch.smime.SignerTrust;
import io.vouch.smime.SmimeLimits;
import io.vouch.smime.SmimeVerifier;
import io.vouch.smime.TunnelledSip;
import io.vouch.smime.VerifyResult;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks one request's body against its sender's published certificates (RFC 3261 §23.3, RFC 8591 §9): a signed body
 * must verify with a certificate the From AOR published (RFC 6072), whose SAN names that AOR; signed CPIM and tunnelled
 * SIP inside must agree with the outer From (RFC 3862 §6.2, RFC 3893 §6). Encrypted bodies are never opened.
 */
public final class BodyCheck {

    /** The result and, when verified, the signer's AOR; {@code reason} is a short fixed text when invalid. */
    public record Verdict(Result result, Optional<String> signer, String reason) {
        static Verdict of(Result r) {
            return new Verdict(r, Optional.empty(), "");
        }

        static Verdict invalid(String reason) {
            return new Verdict(Result.INVALID, Optional.empty(), reason);
        }
    }

    /** Check results; the tag is the metric tag and annotation value. */
    public enum Result {
        VERIFIED, INVALID, UNSIGNED, ENCRYPTED, NONE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Function<String, List<X509Certificate>> published;
    private final SmimeLimits limits;
    private final Duration dateSkew;
    private final Clock clock;

    /** @param published the certificates an AOR ({@code user@host}) has published and that have not expired */
    public BodyCheck(Function<String, List<X509Certificate>> published, SmimeLimits limits, Duration dateSkew,
                     Clock clock) {
        this.published = published;
        this.limits = limits;
        this.dateSkew = dateSkew;
        this.clock = clock;
    }

    public Verdict check(SipRequest req) {
        if (req.bodyLength() == 0) {
            return Verdict.of(Result.NONE);
        }
        MimeEntity body = entity(req);
        BodyKind kind = BodyKind.of(body);
        if (kind.encrypted()) {
            return Verdict.of(Result.ENCRYPTED);
        }
        if (kind == BodyKind.PLAIN) {
            return Verdict.of(Result.UNSIGNED);
        }
        if (kind == BodyKind.UNSUPPORTED) {
            return Verdict.invalid("unsupported S/MIME body");
        }
        if (!(req.from().uri() instanceof SipUri from)) {
            return Verdict.invalid("From is not a SIP URI");
        }
        String aor = from.aor();
        List<X509Certificate> certs = published.apply(aor);
        if (certs.isEmpty()) {
            return Verdict.invalid("no certificate published by sender");
        }
        VerifyResult result = new SmimeVerifier(SignerTrust.pinned(certs), limits, clock).verify(body);
        return switch (result) {
            case VerifyResult.Unsigned u -> Verdict.of(Result.UNSIGNED);
            case VerifyResult.Invalid i -> Verdict.invalid(i.reason());
            case VerifyResult.Verified v -> verified(req, aor, v);
        };
    }

    private Verdict verified(SipRequest req, String aor, VerifyResult.Verified v) {
        if (!UserCertificateValidator.sanUris(v.signer()).contains(aor)) {
            return Verdict.invalid("signer certificate does not name the From AOR");
        }
        MimeEntity inner = v.content();
        Optional<io.vouch.sdp.ContentType> type = inner.parsedContentType();
        if (type.isPresent() && type.get().is("message", "cpim")) {
            switch (CpimMessage.parse(inner.content())) {
                case CpimMessage.Result.Malformed m -> {
                    return Verdict.invalid("malformed CPIM");
                }
                case CpimMessage.Result.Parsed p -> {
                    if (!p.message().fromUri().map(BodyCheck::aorOf).equals(Optional.of(aor))) {
                        return Verdict.invalid("CPIM From does not match From");
                    }
                }
            }
        } else if (type.isPresent() && type.get().type().equals("message")
                && (type.get().subtype().equals("sip") || type.get().subtype().equals("sipfrag"))) {
            TunnelledSip.Result t = TunnelledSip.check(req, inner, clock.instant(), dateSkew);
            if (t instanceof TunnelledSip.Result.Mismatch m) {
                return Verdict.invalid("tunnelled " + m.header() + " does not match");
            }
            if (t instanceof TunnelledSip.Result.Malformed) {
                return Verdict.invalid("malformed tunnelled message");
            }
        }
        return new Verdict(Result.VERIFIED, Optional.of(aor), "");
    }

    /** The SIP body with its Content-* headers as a MIME entity (RFC 3261 §7.4); the bytes are not copied out. */
    static MimeEntity entity(SipRequest req) {
        List<MimeEntity.Header> headers = new java.util.ArrayList<>();
        headers.add(new MimeEntity.Header("Content-Type", req.contentType().orElse("text/plain")));
        req.headers().first("Content-Transfer-Encoding")
                .ifPresent(v -> headers.add(new MimeEntity.Header("Content-Transfer-Encoding", v)));
        return new MimeEntity(headers, req.body());
    }

    /** {@code user@host} of a sip:, sips:, im: or pres: URI (RFC 3860 §3 for im:/pres:), host lower-cased. */
    static String aorOf(String uri) {
        int colon = uri.indexOf(':');
        if (colon < 0) {
            return "";
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!List.of("sip", "sips", "im", "pres").contains(scheme)) {
            return "";
        }
        String rest = uri.substring(colon + 1);
        int end = rest.length();
        for (char c : new char[] {';', '?', '>'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        rest = rest.substring(0, end);
        int at = rest.lastIndexOf('@');
        String host = at < 0 ? rest : rest.substring(at + 1);
        int portColon = host.lastIndexOf(':');
        if (portColon >= 0 && !host.endsWith("]")) {
            host = host.substring(0, portColon);
        }
        return (at < 0 ? "" : rest.substring(0, at) + "@") + host.toLowerCase(Locale.ROOT);
    }
}
