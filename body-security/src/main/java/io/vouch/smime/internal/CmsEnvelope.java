package io.vouch.smime.internal;

import io.vouch.smime.ContentCipher;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;

/**
 * CMS EnvelopedData (RFC 5652 §6) and AuthEnvelopedData (RFC 5083, AES-GCM per RFC 5084) made and opened with Bouncy
 * Castle: RSA recipients by key transport, EC recipients by ephemeral-static ECDH (RFC 5753).
 */
public final class CmsEnvelope {
    private static final Map<ASN1ObjectIdentifier, ContentCipher> CIPHERS = Map.of(
        NISTObjectIdentifiers.id_aes128_GCM, ContentCipher.AES128_GCM,
        NISTObjectIdentifiers.id_aes256_GCM, ContentCipher.AES256_GCM,
        NISTObjectIdentifiers.id_aes128_CBC, ContentCipher.AES128_CBC,
        NISTObjectIdentifiers.id_aes256_CBC, ContentCipher.AES256_CBC);

    /** Plaintext and the cipher that protected it, or a short fixed failure reason. */
    public record Opened(Optional<byte[]> plaintext, Optional<ContentCipher> cipher, String reason) {
        static Opened fail(String reason) {
            return new Opened(Optional.empty(), Optional.empty(), reason);
        }
    }

    private CmsEnvelope() {
    }

    public static byte[] encrypt(byte[] content, Collection<X509Certificate> recipients, ContentCipher cipher) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient certificate");
        }
        try {
            ASN1ObjectIdentifier alg = switch (cipher) {
                case AES128_GCM -> CMSAlgorithm.AES128_GCM;
                case AES256_GCM -> CMSAlgorithm.AES256_GCM;
                case AES128_CBC -> CMSAlgorithm.AES128_CBC;
                case AES256_CBC -> CMSAlgorithm.AES256_CBC;
            };
            var encryptor = new JceCMSContentEncryptorBuilder(alg).setProvider(Bc.PROVIDER).build();
            boolean strong = cipher == ContentCipher.AES256_GCM || cipher == ContentCipher.AES256_CBC;
            if (cipher.authenticated()) {
                CMSAuthEnvelopedDataGenerator gen = new CMSAuthEnvelopedDataGenerator();
                for (X509Certificate r : recipients) {
                    gen.addRecipientInfoGenerator(recipient(r, strong));
                }
                return gen.generate(new CMSProcessableByteArray(content), (OutputAEADEncryptor) encryptor)
                    .getEncoded();
            }
            CMSEnvelopedDataGenerator gen = new CMSEnvelopedDataGenerator();
            for (X509Certificate r : recipients) {
                gen.addRecipientInfoGenerator(recipient(r, strong));
            }
            return gen.generate(new CMSProcessableByteArray(content), encryptor).toASN1Structure()
                .getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | CMSException | IOException e) {
            throw new IllegalStateException("cannot encrypt: " + e.getMessage(), e);
        }
    }

    private static RecipientInfoGenerator recipient(X509Certificate cert, boolean strong)
        throws GeneralSecurityException {
        String alg = cert.getPublicKey().getAlgorithm();
        if (alg.equals("RSA")) {
            return new JceKeyTransRecipientInfoGenerator(cert).setProvider(Bc.PROVIDER);
        }
        if (alg.equals("EC") && cert.getPublicKey() instanceof ECPublicKey ec) {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
            kpg.initialize(ec.getParams());
            KeyPair ephemeral = kpg.generateKeyPair();
            return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF, ephemeral.getPrivate(),
                ephemeral.getPublic(), strong ? CMSAlgorithm.AES256_WRAP : CMSAlgorithm.AES128_WRAP)
                .addRecipient(cert).setProvider(Bc.PROVIDER);
        }
        throw new IllegalArgumentException("recipient key must be RSA or EC, not " + alg);
    }

    /** Opens an EnvelopedData or AuthEnvelopedData ContentInfo with the recipient's key; never throws on input. */
    public static Opened decrypt(byte[] der, boolean authenticated, PrivateKey key, X509Certificate cert) {
        final X509CertificateHolder holder;
        try {
            holder = new X509CertificateHolder(cert.getEncoded());
        } catch (CertificateEncodingException | IOException e) {
            throw new IllegalArgumentException("recipient certificate cannot be encoded", e);
        }
        try {
            RecipientInformationStore store;
            ASN1ObjectIdentifier alg;
            if (authenticated) {
                CMSAuthEnvelopedData data = new CMSAuthEnvelopedData(der);
                store = data.getRecipientInfos();
                alg = new ASN1ObjectIdentifier(data.getEncryptionAlgOID());
            } else {
                CMSEnvelopedData data = new CMSEnvelopedData(der);
                store = data.getRecipientInfos();
                alg = new ASN1ObjectIdentifier(data.getEncryptionAlgOID());
            }
            ContentCipher cipher = CIPHERS.get(alg);
            if (cipher == null || cipher.authenticated() != authenticated) {
                return Opened.fail("content cipher not supported");
            }
            for (RecipientInformation ri : store.getRecipients()) {
                if (!ri.getRID().match(holder)) {
                    continue;
                }
                Optional<Recipient> recipient = recipientFor(ri, key, authenticated);
                if (recipient.isEmpty()) {
                    return Opened.fail("recipient type not supported");
                }
                return new Opened(Optional.of(ri.getContent(recipient.get())), Optional.of(cipher), "");
            }
            return Opened.fail("not encrypted to this certificate");
        } catch (CMSException | RuntimeException e) {
            return Opened.fail("cannot decrypt");
        }
    }

    private static Optional<Recipient> recipientFor(RecipientInformation ri, PrivateKey key, boolean authenticated) {
        if (ri instanceof KeyTransRecipientInformation) {
            return Optional.of(authenticated
                ? new JceKeyTransAuthEnvelopedRecipient(key).setProvider(Bc.PROVIDER)
                : new JceKeyTransEnvelopedRecipient(key).setProvider(Bc.PROVIDER));
        }
        if (ri instanceof KeyAgreeRecipientInformation) {
            return Optional.of(authenticated
                ? new JceKeyAgreeAuthEnvelopedRecipient(key).setProvider(Bc.PROVIDER)
                : new JceKeyAgreeEnvelopedRecipient(key).setProvider(Bc.PROVIDER));
        }
        return Optional.empty();
    }

    static List<ContentCipher> supported() {
        return List.copyOf(CIPHERS.values());
    }
}
