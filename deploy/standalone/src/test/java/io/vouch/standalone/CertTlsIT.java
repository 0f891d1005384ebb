package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.auth.UsersCommand;
import io.vouch.edge.DevCertificate;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.AuthHeader;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessage;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code credential} event package (RFC 6072 §7) through the real edge over TLS, with the default policy that
 * credentials travel only over TLS: the authenticated owner's PUBLISH and SUBSCRIBE over TLS are accepted and the
 * NOTIFY carrying the certificate and the encrypted key comes back on the same TLS connection; the same owner's
 * requests over UDP are refused {@code 403}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CertTlsIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String AOR = "alice@127.0.0.1";
    private static final String BOUNDARY = "cred-b1";
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
    void credentialOnlyOverTlsAndNotifiedOnTheTlsFlow() throws Exception {
        dataDir = Files.createTempDirectory("vouch-cert-tls-it");
        ensemble = Ensemble.start(LaunchOptions.parse(new String[] {"--data-dir", dataDir.toString(),
            "--kafka-port", "0", "--management-port", "0", "--partitions", "2", "--set", "edge.sip.udp.port=0",
            "--set", "edge.sip.tcp.port=0", "--set", "edge.sip.tls.port=0", "--set", "edge.pipeline.timeout.ms=10000",
            "--set", "stir.https.port=0", "--set", "cert.repository.https.port=0", "--set", "auth.algorithms=MD5"}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, UsersCommand.run(new String[] {"add", "alice", "--realm", "127.0.0.1", "--kafka",
            ensemble.embeddedBootstrap()}, new ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out), new PrintStream(out)), out::toString);
        KeyPair kp = ec();
        byte[] cert = certificate(kp);
        byte[] body = credential(cert, kp);

        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(20_000);
            Peer overUdp = new UdpPeer(udp, ensemble.edge().udpPort());
            SipResponse publish = authorized(overUdp, "PUBLISH", "Expires: 3600\r\n", body);
            assertEquals(403, publish.status(), publish::toString);
            assertEquals("Credential Requires TLS", publish.reason());
            SipResponse subscribe = authorized(overUdp, "SUBSCRIBE", "Expires: 600\r\n", new byte[0]);
            assertEquals(403, subscribe.status(), subscribe::toString);
        }

        try (SSLSocket tls = (SSLSocket) trustingDevCertificate().getSocketFactory()
                .createSocket("127.0.0.1", ensemble.edge().tlsPort())) {
            tls.setSoTimeout(20_000);
            tls.startHandshake();
            Peer overTls = new TlsPeer(tls);
            SipResponse publish = authorized(overTls, "PUBLISH", "Expires: 3600\r\n", body);
            assertEquals(200, publish.status(), publish::toString);
            assertTrue(publish.headers().first("SIP-ETag").isPresent());

            SipResponse ok = null;
            SipRequest notify = null;
            send(overTls, "SUBSCRIBE", SEQ.incrementAndGet() * 10, "Expires: 600\r\n", new byte[0], "");
            SipResponse challenge = finalResponse(overTls);
            assertEquals(407, challenge.status(), "credential SUBSCRIBE needs authentication");
            send(overTls, "SUBSCRIBE", SEQ.incrementAndGet() * 10, "Expires: 600\r\n", new byte[0],
                    digest(challenge, "SUBSCRIBE"));
            while (ok == null || notify == null) {
                SipMessage m = overTls.receive();
                if (m instanceof SipResponse r && r.status() >= 200) {
                    ok = r;
                } else if (m instanceof SipRequest n) {
                    notify = n;
                    overTls.send(new SipMessageEncoder().encode(SipResponse.forRequest(n, 200, "OK", "x").build()));
                }
            }
            assertEquals(200, ok.status(), ok::toString);
            assertEquals("NOTIFY", notify.method());
            assertTrue(notify.headers().first("Via").orElseThrow().toUpperCase(Locale.ROOT)
                    .startsWith("SIP/2.0/TLS"), "the NOTIFY is a request of the edge on the TLS flow");
            assertEquals("credential", notify.headers().first("Event").orElseThrow().split(";")[0].trim());
            assertTrue(notify.contentType().orElseThrow().startsWith("multipart/mixed"));
            assertTrue(notify.headers().first("Subscription-State").orElseThrow().startsWith("active"));
            assertTrue(indexOf(notify.body(), cert) >= 0, "the NOTIFY carries the published certificate");
            assertTrue(new String(notify.body(), StandardCharsets.ISO_8859_1).contains("application/pkcs8"));
        }
    }

    /** A client flow to the edge. */
    private interface Peer {
        String transport();

        int localPort();

        void send(byte[] bytes) throws IOException;

        SipMessage receive() throws IOException;
    }

    private record UdpPeer(DatagramSocket socket, int edgePort) implements Peer {
        public String transport() {
            return "UDP";
        }

        public int localPort() {
            return socket.getLocalPort();
        }

        public void send(byte[] bytes) throws IOException {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), edgePort));
        }

        public SipMessage receive() throws IOException {
            byte[] buf = new byte[65535];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                if (new SipMessageDecoder().decode(buf, 0, p.getLength()) instanceof DecodeResult.Parsed parsed) {
                    return parsed.message();
                }
            }
        }
    }

    private record TlsPeer(SSLSocket socket) implements Peer {
        public String transport() {
            return "TLS";
        }

        public int localPort() {
            return socket.getLocalPort();
        }

        public void send(byte[] bytes) throws IOException {
            OutputStream o = socket.getOutputStream();
            o.write(bytes);
            o.flush();
        }

        /** One message framed by Content-Length (RFC 3261 §18.3). */
        public SipMessage receive() throws IOException {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                head.write(b);
                state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1
                        : b == '\r' ? 1 : 0;
            }
            int len = 0;
            for (String line : head.toString(StandardCharsets.UTF_8).split("\r\n")) {
                String l = line.toLowerCase(Locale.ROOT);
                if (l.startsWith("content-length:") || l.startsWith("l:")) {
                    len = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            head.write(in.readNBytes(len));
            byte[] all = head.toByteArray();
            if (new SipMessageDecoder().decode(all, 0, all.length) instanceof DecodeResult.Parsed parsed) {
                return parsed.message();
            }
            throw new IOException("unparsable message from the edge");
        }
    }

    private static SipResponse authorized(Peer p, String method, String extra, byte[] body) throws Exception {
        send(p, method, SEQ.incrementAndGet() * 10, extra, body, "");
        SipResponse challenge = finalResponse(p);
        if (challenge.status() != 407) {
            return challenge;
        }
        // A UA answers stale=true (RFC 7616 §3.3) with the fresh nonce: right after start the edge's nonce can predate
        // the auth replica's partition assignment. Also retried, spaced: a user just added that auth has not yet read.
        SipResponse r = challenge;
        for (int i = 0; i < 10 && r.status() == 407; i++) {
            if (i > 0 && !r.proxyAuthenticates().get(0).param("stale").orElse("").equalsIgnoreCase("true")) {
                Thread.sleep(300);
            }
            send(p, method, SEQ.incrementAndGet() * 10, extra, body, digest(r, method));
            r = finalResponse(p);
        }
        return r;
    }

    private static String digest(SipResponse challenge, String method) throws Exception {
        AuthHeader h = challenge.proxyAuthenticates().get(0);
        String realm = h.param("realm").orElseThrow();
        String nonce = h.param("nonce").orElseThrow();
        String cnonce = "c" + SEQ.incrementAndGet();
        String response = md5(md5("alice:" + realm + ":s3cret") + ":" + nonce + ":00000001:" + cnonce + ":auth:"
                + md5(method + ":sip:" + AOR));
        return "Proxy-Authorization: Digest username=\"alice\", realm=\"" + realm + "\", nonce=\"" + nonce
                + "\", uri=\"sip:" + AOR + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, "
                + "nc=00000001, cnonce=\"" + cnonce + "\"" + h.param("opaque").map(o -> ", opaque=\"" + o + "\"")
                .orElse("") + "\r\n";
    }

    private static void send(Peer p, String method, int cseq, String extra, byte[] body, String authz)
            throws IOException {
        int port = p.localPort();
        String head = method + " sip:" + AOR + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + p.transport() + " 127.0.0.1:" + port + ";branch=z9hG4bK-ctls-"
                + SEQ.incrementAndGet() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + AOR + ">;tag=f" + port + "\r\n"
                + "To: <sip:" + AOR + ">\r\n"
                + "Call-ID: ctls-" + method + "-" + p.transport() + port + "@127.0.0.1\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:alice@127.0.0.1:" + port + ";transport=" + p.transport().toLowerCase(Locale.ROOT)
                + ">\r\n"
                + "Event: credential\r\n" + extra + authz
                + (body.length == 0 ? "" : "Content-Type: multipart/mixed;boundary=" + BOUNDARY + "\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        b.writeBytes(body);
        p.send(b.toByteArray());
    }

    private static SipResponse finalResponse(Peer p) throws IOException {
        while (true) {
            if (p.receive() instanceof SipResponse r && r.status() >= 200) {
                return r;
            }
        }
    }

    private SSLContext trustingDevCertificate() throws Exception {
        Path pem = DevCertificate.ensure(dataDir.resolve("tls"), "localhost", "127.0.0.1").certificate();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("edge", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static byte[] certificate(KeyPair keyOfCertificate) throws Exception {
        X500Name name = new X500Name("CN=alice");
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SEQ.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                keyOfCertificate.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "sip:" + AOR)));
        return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyOfCertificate.getPrivate()))
                .getEncoded();
    }

    /** {@code multipart/mixed}: the certificate and its key as a PBES2 (PBKDF2, AES-256) EncryptedPrivateKeyInfo. */
    private static byte[] credential(byte[] cert, KeyPair keyOfCertificate) throws Exception {
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()).setIterationCount(4096)
                .setPassword("correct horse".toCharArray()).build();
        byte[] key = new JcaPKCS8Generator(keyOfCertificate.getPrivate(), encryptor).generate().getContent();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/pkix-cert\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        b.writeBytes(cert);
        b.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Type: application/pkcs8\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        b.writeBytes(key);
        b.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
