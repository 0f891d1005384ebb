package io.vouch.smime.internal;

import io.vouch.smime.SignerTrust;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.util.Store;

/** CMS SignedData (RFC 5652 §5) made and checked with Bouncy Castle: SHA-256 with ECDSA or RSA. */
public final class CmsSigning {

    /** A signature that verified: the signer and its signing-time attribute if any. */
    public record Checked(X509Certificate signer, Optional<Instant> signingTime) {
    }

    /** Checked, or a short fixed failure reason. */
    public record Outcome(Optional<Checked> checked, String reason) {
        static Outcome fail(String reason) {
            return new Outcome(Optional.empty(), reason);
        }
    }

    private CmsSigning() {
    }

    /** The signature algorithm for a key: SHA-256 with ECDSA for EC keys, PKCS #1 v1.5 for RSA (RFC 8551 §2.2). */
    public static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("signing key must be EC or RSA, not " + key.getAlgorithm());
        };
    }

    /** DER SignedData over {@code content}: detached or encapsulating it, with the chain embedded. */
    public static byte[] sign(byte[] content, boolean encapsulate, PrivateKey key, List<X509Certificate> chain) {
        try {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().setProvider(Bc.PROVIDER)
                .build(signatureAlgorithm(key), key, chain.get(0)));
            gen.addCertificates(new JcaCertStore(chain));
            CMSSignedData signed = gen.generate(new CMSProcessableByteArray(content), encapsulate);
            return signed.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CertificateEncodingException | CMSException | IOException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies a detached signature over each candidate form of the content (as sent, then canonical CRLF) and
     * returns the first that verifies; never throws on input.
     */
    public static Outcome verifyDetached(List<byte[]> contentForms, byte[] signatureDer, SignerTrust trust,
                                         Instant now) {
        Outcome last = Outcome.fail("malformed signature");
        for (byte[] form : contentForms) {
            try {
                last = check(new CMSSignedData(new CMSProcessableByteArray(form), signatureDer), trust, now);
            } catch (CMSException | RuntimeException e) {
                return Outcome.fail("malformed signature");
            }
            if (last.checked().isPresent() || !last.reason().equals("signature mismatch")) {
                return last;
            }
        }
        return last;
    }

    /** Verifies an encapsulating SignedData and returns the signer with the content it carries. */
    public static Outcome verifyEncapsulated(byte[] signedDataDer, SignerTrust trust, Instant now, byte[][] content) {
        try {
            CMSSignedData signed = new CMSSignedData(signedDataDer);
            CMSTypedData carried = signed.getSignedContent();
            if (carried == null || !(carried.getContent() instanceof byte[] bytes)) {
                return Outcome.fail("signed data without content");
            }
            content[0] = bytes;
            return check(signed, trust, now);
        } catch (CMSException | RuntimeException e) {
            return Outcome.fail("malformed signature");
        }
    }

    private static Outcome check(CMSSignedData signed, SignerTrust trust, Instant now) {
        @SuppressWarnings("unchecked")
        Store<X509CertificateHolder> carried = signed.getCertificates();
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            return Outcome.fail("no signer");
        }
        for (SignerInformation si : signers) {
            Optional<X509Certificate> cert = resolve(si.getSID(), carried, trust, now);
            if (cert.isEmpty()) {
                continue;
            }
            if (!Bc.DIGESTS.contains(si.getDigestAlgorithmID().getAlgorithm())) {
                return Outcome.fail("digest algorithm not allowed");
            }
            X509Certificate signer = cert.get();
            if (!validAt(signer, now)) {
                return Outcome.fail("signer certificate not valid now");
            }
            try {
                if (si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER).build(signer))) {
                    return new Outcome(Optional.of(new Checked(signer, signingTime(si))), "");
                }
                return Outcome.fail("signature mismatch");
            } catch (CMSException e) {
                return Outcome.fail(e.getMessage() != null && e.getMessage().contains("not valid")
                    ? "signer certificate not valid at signing time" : "signature mismatch");
            } catch (OperatorCreationException | RuntimeException e) {
                return Outcome.fail("signature algorithm not supported");
            }
        }
        return Outcome.fail("signer not trusted");
    }

    /** A pinned certificate the SignerInfo names, or a carried one issued by a trusted issuer. */
    private static Optional<X509Certificate> resolve(SignerId sid, Store<X509CertificateHolder> carried,
                                                     SignerTrust trust, Instant now) {
        for (X509Certificate pinned : trust.pinnedCertificates()) {
            try {
                if (sid.match(new X509CertificateHolder(pinned.getEncoded()))) {
                    return Optional.of(pinned);
                }
            } catch (CertificateEncodingException | IOException e) {
                // a pinned certificate that cannot be encoded matches nothing
            }
        }
        if (trust.issuers().isEmpty()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = carried.getMatches(sid);
        for (X509CertificateHolder holder : matches) {
            for (X509Certificate issuer : trust.issuers()) {
                if (issuedBy(holder, issuer, now)) {
                    try {
                        return Optional.of(Bc.certificate(holder));
                    } catch (CertificateException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean issuedBy(X509CertificateHolder holder, X509Certificate issuer, Instant now) {
        try {
            X509CertificateHolder issuerHolder = new X509CertificateHolder(issuer.getEncoded());
            return holder.getIssuer().equals(issuerHolder.getSubject())
                && !Arrays.equals(holder.getEncoded(), issuerHolder.getEncoded())
                && validAt(issuer, now)
                && holder.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER)
                    .build(issuer.getPublicKey()));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean validAt(X509Certificate cert, Instant now) {
        Date d = Date.from(now);
        return !d.before(cert.getNotBefore()) && !d.after(cert.getNotAfter());
    }

    private static Optional<Instant> signingTime(SignerInformation si) {
        if (si.getSignedAttributes() == null) {
            return Optional.empty();
        }
        Attribute a = si.getSignedAttributes().get(CMSAttributes.signingTime);
        if (a == null || a.getAttrValues().size() != 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
