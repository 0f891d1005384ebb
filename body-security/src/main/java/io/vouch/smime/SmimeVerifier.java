package io.vouch.smime;

import io.vouch.sdp.ContentType;
import io.vouch.smime.internal.CmsSigning;
import io.vouch.smime.internal.MimeText;
import io.vouch.smime.internal.Pkcs7;
import io.vouch.smime.internal.SignedMultipart;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the S/MIME signature of an untrusted body (RFC 8551 §3.5, RFC 3261 §23.3) against the certificates a
 * {@link SignerTrust} accepts: {@code multipart/signed} as sent and, failing that, with text line ends made CRLF (what
 * OpenSSL signs), or opaque {@code signed-data}. Never throws on input. Thread-safe.
 */
public final class SmimeVerifier {
    private final SignerTrust trust;
    private final SmimeLimits limits;
    private final Clock clock;

    public SmimeVerifier(SignerTrust trust, SmimeLimits limits, Clock clock) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public VerifyResult verify(MimeEntity body) {
        try {
            return verifyChecked(body);
        } catch (RuntimeException e) {
            return new VerifyResult.Invalid("malformed signature");
        }
    }

    private VerifyResult verifyChecked(MimeEntity body) {
        BodyKind kind = BodyKind.of(body);
        if (!kind.signed()) {
            return kind == BodyKind.UNSUPPORTED && body.parsedContentType().map(c -> c.is("multipart", "signed"))
                .orElse(false) ? new VerifyResult.Invalid("signature protocol not supported") : VerifyResult.Unsigned.INSTANCE;
        }
        if (body.content().length > limits.maxBodyBytes()) {
            return new VerifyResult.Invalid("body too large");
        }
        return kind == BodyKind.SIGNED ? detached(body) : opaque(body);
    }

    private VerifyResult detached(MimeEntity body) {
        String boundary = body.parsedContentType().flatMap(c -> c.parameter("boundary")).orElse("");
        SignedMultipart.Either split = SignedMultipart.split(boundary, body.content(), limits.maxParts());
        if (split.split().isEmpty()) {
            return new VerifyResult.Invalid(split.reason());
        }
        SignedMultipart.Split parts = split.split().get();
        boolean pkcs7 = parts.signature().parsedContentType().map(SmimeVerifier::isSignatureType).orElse(false);
        if (!pkcs7) {
            return new VerifyResult.Invalid("signature part is not application/pkcs7-signature");
        }
        Optional<byte[]> der = Pkcs7.der(parts.signature());
        if (der.isEmpty()) {
            return new VerifyResult.Invalid("malformed signature");
        }
        List<byte[]> forms = new ArrayList<>(2);
        forms.add(parts.signed());
        if (MimeText.hasBareLineEnd(parts.signed())) {
            forms.add(MimeText.canonicalCrlf(parts.signed()));
        }
        CmsSigning.Outcome outcome = CmsSigning.verifyDetached(forms, der.get(), trust, clock.instant());
        return result(outcome, parts.signed());
    }

    private VerifyResult opaque(MimeEntity body) {
        Optional<byte[]> der = Pkcs7.der(body);
        if (der.isEmpty()) {
            return new VerifyResult.Invalid("malformed signature");
        }
        byte[][] content = new byte[1][];
        CmsSigning.Outcome outcome = CmsSigning.verifyEncapsulated(der.get(), trust, clock.instant(), content);
        return result(outcome, content[0]);
    }

    private static VerifyResult result(CmsSigning.Outcome outcome, byte[] signed) {
        if (outcome.checked().isEmpty()) {
            return new VerifyResult.Invalid(outcome.reason());
        }
        return new VerifyResult.Verified(outcome.checked().get().signer(), Entities.inner(signed),
            outcome.checked().get().signingTime());
    }

    private static boolean isSignatureType(ContentType ct) {
        return ct.is("application", "pkcs7-signature") || ct.is("application", "x-pkcs7-signature");
    }
}
