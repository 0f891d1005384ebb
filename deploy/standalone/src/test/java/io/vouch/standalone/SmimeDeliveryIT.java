package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
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
import io.vouch.standalone.DeliveryEnsembleIT.Ua;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The end-to-end story over real UDP, the real broker and every stage: Alice and Bob register and publish their
 * certificates (RFC 6072), each subscribes to the other's certificate and takes it from the domain-signed NOTIFY;
 * Alice sends Bob a MESSAGE signed with her key and encrypted to Bob's certificate (RFC 3261 §23, RFC 8551); Vouch
 * delivers it untouched; Bob decrypts and verifies it against the certificate he fetched; a tampered body is caught
 * (Bob answers 493 and Alice sees it), and a MESSAGE to a user without a binding gets 480.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SmimeDeliveryIT {
    private static final AtomicInteger SERIAL = new AtomicInteger();
    private Ensemble ensemble;
    private Path dataDir;

    @AfterEach
    void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
        KafkaTestSupport.deleteRecursively(dataDir);
    }

    @Test
    void aliceSendsBobASignedEncryptedMessageThatOnlyBobReadsAndATamperedOneIsCaught() throws Exception {
        dataDir = Files.createTempDirectory("vouch-smime-it");
        ensemble = DeliveryEnsembleIT.startWithUsers(dataDir, 10_000);
        int udp = ensemble.edge().udpPort();
        KeyPair aliceKeys = ec();
        KeyPair bobKeys = ec();
        X509Certificate aliceCert = certificate("alice", aliceKeys);
        X509Certificate bobCert = certificate("bob", bobKeys);

        try (Ua alice = new Ua("alice", udp); Ua bob = new Ua("bob", udp)) {
            assertEquals(200, alice.registerAccepted().status());
            assertEquals(200, bob.registerAccepted().status());
            assertEquals(200, publish(alice, aliceCert).status());
            assertEquals(200, publish(bob, bobCert).status());

            X509Certificate aliceAsBobSeesIt = fetch(bob, udp, "alice");
            X509Certificate bobAsAliceSeesIt = fetch(alice, udp, "bob");
            assertEquals(aliceCert, aliceAsBobSeesIt);
            assertEquals(bobCert, bobAsAliceSeesIt);

            // Alice: sign with her key, encrypt to the certificate she fetched for Bob
            MimeEntity text = MimeEntity.of("text/plain; charset=utf-8",
                    "Bob, the code is 7431.\r\n".getBytes(StandardCharsets.UTF_8));
            MimeEntity signed = SmimeSigner.create(aliceKeys.getPrivate(), List.of(aliceCert)).sign(text);
            MimeEntity sealed = SmimeEncryptor.create(List.of(bobAsAliceSeesIt), ContentCipher.AES128_GCM)
                    .encrypt(signed);
            SmimeDecryptor bobDecryptor = new SmimeDecryptor(bobKeys.getPrivate(), bobCert, SmimeLimits.defaults());
            SmimeVerifier bobVerifier = new SmimeVerifier(SignerTrust.pinned(List.of(aliceAsBobSeesIt)),
                    SmimeLimits.defaults(), Clock.systemUTC());

            SipRequest delivered = sendMessage(alice, bob, "bob", sealed);
            assertArrayEquals(sealed.content(), delivered.body(), "Vouch delivers the encrypted body untouched");
            MimeEntity received = MimeEntity.of(delivered.contentType().orElseThrow(), delivered.body());
            DecryptResult.Decrypted opened = assertInstanceOf(DecryptResult.Decrypted.class,
                    bobDecryptor.decrypt(received));
            VerifyResult.Verified verified = assertInstanceOf(VerifyResult.Verified.class,
                    bobVerifier.verify(opened.content()));
            assertEquals(aliceCert, verified.signer());
            assertArrayEquals(text.content(), verified.content().content());
            bob.answer(delivered, 200);
            assertEquals(200, alice.finalResponse().status());

            // the same body with its last ciphertext byte and a byte of the GCM tag flipped on its way (the tail of
            // AuthEnvelopedData is ciphertext, end-of-contents, the 16-byte mac, end-of-contents): Bob cannot decrypt
            byte[] tampered = sealed.content().clone();
            tampered[tampered.length - 30] ^= 0x01;
            tampered[tampered.length - 14] ^= 0x01;
            MimeEntity bad = new MimeEntity(sealed.headers(), tampered);
            SipRequest got = sendMessage(alice, bob, "bob", bad);
            DecryptResult r = bobDecryptor.decrypt(MimeEntity.of(got.contentType().orElseThrow(), got.body()));
            assertInstanceOf(DecryptResult.Invalid.class, r, "AES-GCM catches the change");
            bob.answer(got, 493);
            assertEquals(493, alice.finalResponse().status(), "RFC 3261 §23.2: 493 Undecipherable reaches Alice");

            // a signature over other content does not verify either
            MimeEntity forged = SmimeEncryptor.create(List.of(bobCert), ContentCipher.AES128_GCM).encrypt(
                    new MimeEntity(signed.headers(), new String(signed.content(), StandardCharsets.ISO_8859_1)
                            .replace("7431", "0000").getBytes(StandardCharsets.ISO_8859_1)));
            SipRequest forgedAtBob = sendMessage(alice, bob, "bob", forged);
            DecryptResult.Decrypted forgedOpen = assertInstanceOf(DecryptResult.Decrypted.class,
                    bobDecryptor.decrypt(MimeEntity.of(forgedAtBob.contentType().orElseThrow(),
                            forgedAtBob.body())));
            assertInstanceOf(VerifyResult.Invalid.class, bobVerifier.verify(forgedOpen.content()));
            bob.answer(forgedAtBob, 403);
            assertEquals(403, alice.finalResponse().status());

            assertEquals(480, alice.authorized("MESSAGE", "sip:carol@127.0.0.1", "hi".getBytes(StandardCharsets.UTF_8))
                    .status(), "carol has no binding");
        }
    }

    private static SipRequest sendMessage(Ua from, Ua to, String toUser, MimeEntity body) throws Exception {
        String ruri = "sip:" + toUser + "@127.0.0.1";
        from.send(from.request("MESSAGE", ruri, body.contentType(), body.content(), null));
        SipResponse challenge = from.finalResponse();
        assertEquals(407, challenge.status());
        from.send(from.request("MESSAGE", ruri, body.contentType(), body.content(), challenge));
        return to.receiveRequest();
    }

    private static SipResponse publish(Ua ua, X509Certificate cert) throws Exception {
        String aor = "sip:" + ua.user + "@127.0.0.1";
        ua.send(ua.requestWith("PUBLISH", aor, "Event: certificate\r\nExpires: 3600\r\n", "application/pkix-cert",
                cert.getEncoded(), null));
        SipResponse challenge = ua.finalResponse();
        if (challenge.status() != 407) {
            return challenge;
        }
        ua.send(ua.requestWith("PUBLISH", aor, "Event: certificate\r\nExpires: 3600\r\n", "application/pkix-cert",
                cert.getEncoded(), challenge));
        return ua.finalResponse();
    }

    /** Subscribes (a fetch, Expires 0) to {@code user}'s certificate and takes it from the signed NOTIFY. */
    private static X509Certificate fetch(Ua ua, int udp, String user) throws Exception {
        String aor = "sip:" + user + "@127.0.0.1";
        ua.send(ua.requestWith("SUBSCRIBE", aor, "Event: certificate\r\nExpires: 0\r\nContact: <sip:" + ua.user
                + "@127.0.0.1:" + ua.port() + ">\r\n", null, new byte[0], null));
        SipRequest notify = null;
        boolean ok = false;
        while (!ok || notify == null) {
            var m = ua.receive();
            if (m instanceof SipResponse r) {
                assertEquals(200, r.status(), r::toString);
                ok = true;
            } else if (m instanceof SipRequest n && n.method().equals("NOTIFY")) {
                notify = n;
                ua.answer(n, 200);
            }
        }
        assertTrue(notify.headers().first("Identity").isPresent(), "the NOTIFY is signed by the domain");
        assertTrue(notify.headers().first("Identity-Info").orElseThrow().contains("/certs/"));
        assertEquals("application/pkix-cert", notify.contentType().orElseThrow());
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(notify.body()));
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(String user, KeyPair kp) throws Exception {
        X500Name name = new X500Name("CN=" + user);
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, "sip:" + user + "@127.0.0.1")));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }
}
