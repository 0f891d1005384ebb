package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.auth.UsersCommand;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.AuthHeader;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessage;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The certificate service in the whole ensemble over real UDP (RFC 6072 on RFC 3903 / RFC 6665): an authenticated
 * owner publishes its certificate, anyone subscribes and gets it in a NOTIFY, a modify NOTIFYs the subscriber with
 * the new certificate, a stale entity-tag is 412, a credential SUBSCRIBE without authentication is challenged, a
 * plaintext private key is refused, and a restart keeps publication and subscription.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CertEnsembleIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String AOR = "alice@127.0.0.1";
    private Ensemble ensemble;
    private Path dataDir;

    @AfterEach
    void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
        KafkaTestSupport.deleteRecursively(dataDir);
    }

    private Ensemble start(Path dir) throws Exception {
        return Ensemble.start(LaunchOptions.parse(new String[] {"--data-dir", dir.toString(), "--kafka-port", "0",
            "--management-port", "0", "--partitions", "2", "--set", "edge.sip.udp.port=0", "--set", "edge.sip.tcp.port=0",
            "--set", "edge.sip.tls.port=-1", "--set", "edge.pipeline.timeout.ms=10000", "--set", "stir.https.port=0",
            "--set", "cert.repository.https.port=0", "--set", "cert.credential.require.tls=false",
            "--set", "auth.algorithms=MD5"}));
    }

    @Test
    void publishSubscribeNotifyModifyAndRestart() throws Exception {
        dataDir = Files.createTempDirectory("vouch-cert-it");
        ensemble = start(dataDir);
        int udp = ensemble.edge().udpPort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, UsersCommand.run(new String[] {"add", "alice", "--realm", "127.0.0.1", "--kafka",
            ensemble.embeddedBootstrap()}, new ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out), new PrintStream(out)), out::toString);
        byte[] first = certificate("sip:" + AOR);
        byte[] second = certificate("sip:" + AOR);

        String etag2;
        try (DatagramSocket alice = socket(); DatagramSocket bob = socket()) {
            SipResponse published = authorized(alice, udp, "PUBLISH", "certificate", "Expires: 3600\r\n",
                    "application/pkix-cert", first);
            assertEquals(200, published.status(), published::toString);
            String etag = published.headers().first("SIP-ETag").orElseThrow();

            String subscribe = request("SUBSCRIBE", bob, "sip:" + AOR, 1, "Event: certificate\r\n"
                    + "Contact: <sip:bob@127.0.0.1:" + bob.getLocalPort() + ">\r\n", null, new byte[0], "bob");
            send(bob, udp, subscribe.getBytes(StandardCharsets.UTF_8));
            SipResponse ok = null;
            SipRequest notify = null;
            while (ok == null || notify == null) {
                SipMessage m = receive(bob);
                if (m instanceof SipResponse r && r.status() >= 200) {
                    ok = r;
                } else if (m instanceof SipRequest n) {
                    notify = n;
                    answer(bob, udp, n, 200);
                }
            }
            assertEquals(200, ok.status());
            assertEquals("86400", ok.headers().first("Expires").orElseThrow(), "RFC 6072 §6.3 default");
            assertEquals("NOTIFY", notify.method());
            assertEquals("application/pkix-cert", notify.contentType().orElseThrow());
            assertTrue(notify.headers().first("Subscription-State").orElseThrow().startsWith("active"));
            assertTrue(notify.headers().first("Content-Disposition").orElseThrow().startsWith("signal"));
            assertArrayEquals(first, notify.body());
            assertTrue(notify.headers().first("Identity").isPresent(), "NOTIFY signed by the domain (RFC 4474)");
            String info = notify.headers().first("Identity-Info").orElseThrow();
            assertTrue(info.matches(
                    "<https://127\\.0\\.0\\.1:\\d+/certs/[0-9a-f]{64}\\.pem>;alg=rsa-sha256"),
                    info);

            SipResponse stale = authorized(alice, udp, "PUBLISH", "certificate", "SIP-If-Match: nosuchtag\r\n",
                    "application/pkix-cert", second);
            assertEquals(412, stale.status());

            SipResponse modified = authorized(alice, udp, "PUBLISH", "certificate", "SIP-If-Match: " + etag + "\r\n",
                    "application/pkix-cert", second);
            assertEquals(200, modified.status(), modified::toString);
            assertNotEquals(etag, modified.headers().first("SIP-ETag").orElseThrow(), "entity-tag rotated");
            etag2 = modified.headers().first("SIP-ETag").orElseThrow();
            SipRequest changed = (SipRequest) receive(bob);
            answer(bob, udp, changed, 200);
            assertArrayEquals(second, changed.body(), "modify NOTIFYs the subscriber");

            String credential = request("SUBSCRIBE", alice, "sip:" + AOR, 1, "Event: credential\r\n"
                    + "Contact: <sip:alice@127.0.0.1:" + alice.getLocalPort() + ">\r\n", null, new byte[0], "alice");
            send(alice, udp, credential.getBytes(StandardCharsets.UTF_8));
            assertEquals(407, ((SipResponse) receive(alice)).status(), "credential needs authentication");

            KeyPair kp = ec();
            String boundary = "b1";
            byte[] plain = ("--b1\r\nContent-Type: application/pkix-cert\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(plain);
            body.writeBytes(first);
            body.writeBytes("\r\n--b1\r\nContent-Type: application/pkcs8\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            body.writeBytes(kp.getPrivate().getEncoded());
            body.writeBytes("\r\n--b1--\r\n".getBytes(StandardCharsets.UTF_8));
            SipResponse refused = authorized(alice, udp, "PUBLISH", "credential", "",
                    "multipart/mixed;boundary=" + boundary, body.toByteArray());
            assertEquals(415, refused.status());
            assertEquals("Plaintext Private Key Refused", refused.reason());

            ensemble.close();
            ensemble = start(dataDir);
            udp = ensemble.edge().udpPort();
            // the publication survived (its entity-tag still matches) and so did the subscription: removing the
            // certificate NOTIFYs the subscriber, now without a body
            SipResponse removed = authorized(alice, udp, "PUBLISH", "certificate",
                    "SIP-If-Match: " + etag2 + "\r\nExpires: 0\r\n", null, new byte[0]);
            assertEquals(200, removed.status(), removed::toString);
            SipRequest empty = (SipRequest) receive(bob);
            answer(bob, udp, empty, 200);
            assertEquals("NOTIFY", empty.method());
            assertEquals(0, empty.body().length, "no certificate published any more");
            assertTrue(empty.headers().first("Subscription-State").orElseThrow().startsWith("active"));
        }
    }

    private static DatagramSocket socket() throws Exception {
        DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        s.setSoTimeout(20_000);
        return s;
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static byte[] certificate(String sanUri) throws Exception {
        KeyPair kp = ec();
        X500Name name = new X500Name("CN=alice");
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SEQ.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, sanUri)));
        return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
    }

    /** Sends a request as alice, answers the 407 with MD5 digest credentials, returns the final response. */
    static SipResponse authorized(DatagramSocket s, int udp, String method, String event, String extra,
                                  String contentType, byte[] body) throws Exception {
        int cseq = SEQ.incrementAndGet() * 10;
        String headers = "Event: " + event + "\r\n" + extra;
        send(s, udp, bytes(request(method, s, "sip:" + AOR, cseq, headers, contentType, body, "alice"), body));
        SipResponse challenge = finalResponse(s);
        if (challenge.status() != 407) {
            return challenge;
        }
        AuthHeader h = challenge.proxyAuthenticates().get(0);
        String realm = h.param("realm").orElseThrow();
        String nonce = h.param("nonce").orElseThrow();
        String cnonce = "c" + cseq;
        String ha1 = md5("alice:" + realm + ":s3cret");
        String ha2 = md5(method + ":sip:" + AOR);
        String response = md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2);
        String authz = "Proxy-Authorization: Digest username=\"alice\", realm=\"" + realm + "\", nonce=\"" + nonce
                + "\", uri=\"sip:" + AOR + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, "
                + "nc=00000001, cnonce=\"" + cnonce + "\"" + h.param("opaque").map(o -> ", opaque=\"" + o + "\"")
                .orElse("") + "\r\n";
        send(s, udp, bytes(request(method, s, "sip:" + AOR, cseq + 1, headers + authz, contentType, body, "alice"),
                body));
        return finalResponse(s);
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String request(String method, DatagramSocket s, String ruri, int cseq, String extra,
                                  String contentType, byte[] body, String user) {
        int port = s.getLocalPort();
        return method + " " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-cert-" + SEQ.incrementAndGet() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@127.0.0.1>;tag=f" + port + "\r\n"
                + "To: <" + ruri + ">\r\n"
                + "Call-ID: cert-" + method + "-" + port + "@127.0.0.1\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + extra
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
    }

    private static byte[] bytes(String head, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        b.writeBytes(body);
        return b.toByteArray();
    }

    private static void send(DatagramSocket s, int port, byte[] bytes) throws Exception {
        s.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    private static SipMessage receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[65535];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            if (new SipMessageDecoder().decode(buf, 0, p.getLength()) instanceof DecodeResult.Parsed parsed) {
                if (parsed.message() instanceof SipResponse r && r.status() < 200) {
                    continue;
                }
                return parsed.message();
            }
        }
    }

    private static SipResponse finalResponse(DatagramSocket s) throws Exception {
        while (true) {
            if (receive(s) instanceof SipResponse r) {
                return r;
            }
        }
    }

    private static void answer(DatagramSocket s, int udp, SipRequest req, int status) throws Exception {
        send(s, udp, new io.vouch.sip.SipMessageEncoder().encode(SipResponse.forRequest(req, status, "OK", "x")
                .build()));
    }
}
