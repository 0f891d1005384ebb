package io.vouch.loadtest.internal;

import io.vouch.smime.ContentCipher;
import io.vouch.smime.DecryptResult;
import io.vouch.smime.MimeEntity;
import io.vouch.smime.SignerTrust;
import io.vouch.smime.SmimeDecryptor;
import io.vouch.smime.SmimeEncryptor;
import io.vouch.smime.SmimeLimits;
import io.vouch.smime.SmimeSigner;
import io.vouch.smime.SmimeVerifier;
import io.vouch.smime.VerifyResult;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The S/MIME identities of the simulated users (RFC 3261 §23, RFC 8551): an ECDSA P-256 key and a self-signed
 * certificate per user (subjectAltName {@code sip:user@domain}), made on first use. A sender signs with its own key
 * and encrypts to the recipient's certificate (AES-128-GCM); a recipient decrypts with its key and accepts only the
 * sender's certificate. Single-threaded (the engine's event loop).
 */
public final class SmimeUsers {
    /** What a recipient made of a body. */
    public enum Check { VERIFIED, UNDECIPHERABLE, INVALID_SIGNATURE }

    private record Identity(KeyPair keys, X509Certificate certificate, SmimeSigner signer, SmimeDecryptor decryptor,
                            SmimeVerifier verifierOfThis) {
    }

    private final String domain;
    private final Map<String, Identity> byUser = new HashMap<>();
    private long serial;

    public SmimeUsers(String domain) {
        this.domain = domain;
    }

    /** {@code content} from {@code sender}, signed by the sender and encrypted to {@code recipient}. */
    public MimeEntity seal(String sender, String recipient, MimeEntity content) {
        MimeEntity signed = identity(sender).signer().sign(content);
        return SmimeEncryptor.create(List.of(identity(recipient).certificate()), ContentCipher.AES128_GCM)
                .encrypt(signed);
    }

    /** What {@code recipient} makes of {@code body} claimed to come from {@code sender}. */
    public Check open(String recipient, String sender, MimeEntity body) {
        if (!(identity(recipient).decryptor().decrypt(body) instanceof DecryptResult.Decrypted d)) {
            return Check.UNDECIPHERABLE;
        }
        return identity(sender).verifierOfThis().verify(d.content()) instanceof VerifyResult.Verified
                ? Check.VERIFIED : Check.INVALID_SIGNATURE;
    }

    /** The certificate of {@code user} once it has an identity (it sent or was sent something). */
    public Optional<X509Certificate> known(String user) {
        return Optional.ofNullable(byUser.get(user)).map(Identity::certificate);
    }

    private Identity identity(String user) {
        return byUser.computeIfAbsent(user, this::create);
    }

    private Identity create(String user) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=" + user);
            Instant now = Instant.now();
            var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(++serial),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                    kp.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier, "sip:" + user + "@" + domain)));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
            return new Identity(kp, cert, SmimeSigner.create(kp.getPrivate(), List.of(cert)),
                    new SmimeDecryptor(kp.getPrivate(), cert, SmimeLimits.defaults()),
                    new SmimeVerifier(SignerTrust.pinned(List.of(cert)), SmimeLimits.defaults(), Clock.systemUTC()));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot make a test identity for " + user, e);
        }
    }
}
