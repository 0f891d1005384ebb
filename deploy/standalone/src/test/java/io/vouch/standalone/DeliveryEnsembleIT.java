package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.auth.UsersCommand;
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
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Delivery in the whole ensemble over real UDP (RFC 3428 MESSAGE through the RFC 3261 §16 stateful proxy): Alice and
 * Bob register with digest, Alice's MESSAGE is challenged with 407, then reaches Bob's contact with the body
 * unchanged and Bob's 200 comes back to Alice; a known user without a binding gets 480, an unknown one 404, and a
 * contact that never answers gives 408 within the pipeline deadline.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DeliveryEnsembleIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String DOMAIN = "127.0.0.1";
    private Ensemble ensemble;
    private Path dataDir;
    private int udp;

    @BeforeEach
    void start() throws Exception {
        dataDir = Files.createTempDirectory("vouch-deliver-it");
        ensemble = startWithUsers(dataDir, 6000);
        udp = ensemble.edge().udpPort();
    }

    /** The whole ensemble on free ports with MD5 digest, and the users alice, bob and carol. */
    static Ensemble startWithUsers(Path dir, int pipelineTimeoutMs) throws Exception {
        Ensemble e = Ensemble.start(LaunchOptions.parse(new String[] {"--data-dir", dir.toString(),
            "--kafka-port", "0", "--management-port", "0", "--partitions", "2", "--set", "sip.udp.port=0",
            "--set", "sip.tcp.port=0", "--set", "sip.tls.port=-1",
            "--set", "pipeline.timeout.ms=" + pipelineTimeoutMs,
            "--set", "stir.https.port=0", "--set", "cert.repository.https.port=0",
            "--set", "auth.algorithms=MD5"}));
        for (String user : new String[] {"alice", "bob", "carol"}) {
            addUser(e, user);
        }
        return e;
    }

    @AfterEach
    void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
        KafkaTestSupport.deleteRecursively(dataDir);
    }

    static void addUser(Ensemble ensemble, String user) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, UsersCommand.run(new String[] {"add", user, "--realm", DOMAIN, "--kafka",
            ensemble.embeddedBootstrap()}, new ByteArrayInputStream((user + "-pw\n").getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out), new PrintStream(out)), out::toString);
    }

    @Test
    void deliversAMessageToTheRegisteredContactAndAnswersUnboundAndUnknownTargets() throws Exception {
        try (Ua alice = new Ua("alice", udp); Ua bob = new Ua("bob", udp)) {
            assertEquals(200, alice.registerAccepted().status());
            assertEquals(200, bob.registerAccepted().status());

            byte[] body = "Hello Bob, \u00e7a va?".getBytes(StandardCharsets.UTF_8);
            alice.send(alice.request("MESSAGE", "sip:bob@" + DOMAIN, "text/plain;charset=utf-8", body, null));
            SipResponse challenge = alice.finalResponse();
            assertEquals(407, challenge.status(), "RFC 3261 §22.3: a proxy challenges with Proxy-Authenticate");
            alice.send(alice.request("MESSAGE", "sip:bob@" + DOMAIN, "text/plain;charset=utf-8", body, challenge));

            SipRequest delivered = bob.receiveRequest();
            assertEquals("MESSAGE", delivered.method());
            assertEquals("sip:bob@127.0.0.1:" + bob.port(), delivered.requestUriText(), "Request-URI: the contact");
            assertArrayEquals(body, delivered.body(), "the body arrives as sent");
            assertEquals(2, delivered.vias().size(), "Alice's Via and the proxy's");
            assertEquals(69, delivered.maxForwards().orElseThrow());
            assertTrue(delivered.proxyAuthorizations().isEmpty(), "the proxy's own credentials are consumed");
            bob.answer(delivered, 200);

            SipResponse ok = alice.finalResponse();
            assertEquals(200, ok.status(), ok::toString);
            assertEquals(1, ok.vias().size(), "only Alice's Via comes back");
            assertEquals("bt", ok.to().tag().orElseThrow(), "Bob's own response");

            assertEquals(480, alice.authorized("MESSAGE", "sip:carol@" + DOMAIN, body).status(),
                    "a known user without a binding");
            assertEquals(404, alice.authorized("MESSAGE", "sip:nobody@" + DOMAIN, body).status(),
                    "a user nobody knows");
        }
    }

    @Test
    void answers408WhenTheOnlyContactNeverAnswers() throws Exception {
        try (Ua alice = new Ua("alice", udp); Ua bob = new Ua("bob", udp)) {
            assertEquals(200, alice.registerAccepted().status());
            assertEquals(200, bob.registerAccepted().status());
            long start = System.nanoTime();
            SipResponse r = alice.authorized("MESSAGE", "sip:bob@" + DOMAIN, "ping".getBytes(StandardCharsets.UTF_8));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(408, r.status(), r::toString);
            assertTrue(ms < 6000, "answered before the edge's pipeline deadline gives up with 503: " + ms);
            assertEquals("MESSAGE", bob.receiveRequest().method(), "Bob's contact was tried");
        }
    }

    /** A simulated UA on one UDP socket that answers digest challenges. */
    static final class Ua implements AutoCloseable {
        final String user;
        final int edge;
        final DatagramSocket socket;
        private final String tag = "t" + SEQ.incrementAndGet();

        Ua(String user, int edge) throws Exception {
            this.user = user;
            this.edge = edge;
            this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(20_000);
        }

        int port() {
            return socket.getLocalPort();
        }

        /**
         * REGISTERs until the user is known: {@code vouch users add} returns once its record is durable, but auth
         * follows the credentials topic asynchronously, so right after start a REGISTER may still meet an unknown user
         * (401). A few spaced retries stay under the per-source lockout threshold; a wrong password still fails.
         */
        SipResponse registerAccepted() throws Exception {
            SipResponse r = register();
            for (int i = 0; i < 10 && r.status() == 401; i++) {
                Thread.sleep(300);
                r = register();
            }
            return r;
        }

        SipResponse register() throws Exception {
            String ruri = "sip:" + DOMAIN;
            String contact = "Contact: <sip:" + user + "@127.0.0.1:" + port() + ">\r\nExpires: 3600\r\n";
            send(head("REGISTER", ruri, "sip:" + user + "@" + DOMAIN, contact, null, 0).getBytes(StandardCharsets.UTF_8));
            SipResponse c = finalResponse();
            if (c.status() != 401) {
                return c;
            }
            AuthHeader h = c.wwwAuthenticates().get(0);
            send(head("REGISTER", ruri, "sip:" + user + "@" + DOMAIN, contact + "Authorization: "
                    + digest(h, "REGISTER", ruri) + "\r\n", null, 0).getBytes(StandardCharsets.UTF_8));
            return finalResponse();
        }

        SipResponse authorized(String method, String ruri, byte[] body) throws Exception {
            send(request(method, ruri, "text/plain", body, null));
            SipResponse c = finalResponse();
            if (c.status() != 407) {
                return c;
            }
            send(request(method, ruri, "text/plain", body, c));
            return finalResponse();
        }

        /** A request from this user to {@code ruri}; with {@code challenge} it carries Proxy-Authorization. */
        byte[] request(String method, String ruri, String contentType, byte[] body, SipResponse challenge)
                throws Exception {
            return requestWith(method, ruri, "", contentType, body, challenge);
        }

        /** As {@link #request} with extra header lines (each ended by CRLF). */
        byte[] requestWith(String method, String ruri, String headers, String contentType, byte[] body,
                           SipResponse challenge) throws Exception {
            String extra = headers + (challenge == null ? "" : "Proxy-Authorization: "
                    + digest(challenge.proxyAuthenticates().get(0), method, ruri) + "\r\n");
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(head(method, ruri, ruri, extra, contentType, body.length).getBytes(StandardCharsets.UTF_8));
            b.writeBytes(body);
            return b.toByteArray();
        }

        private String head(String method, String ruri, String to, String extra, String contentType, int length) {
            int cseq = SEQ.incrementAndGet();
            return method + " " + ruri + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port() + ";branch=z9hG4bK-d" + cseq + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:" + user + "@" + DOMAIN + ">;tag=" + tag + "\r\n"
                    + "To: <" + to + ">\r\n"
                    + "Call-ID: " + method + "-" + user + "-" + cseq + "@127.0.0.1\r\n"
                    + "CSeq: " + cseq + " " + method + "\r\n"
                    + extra
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + "Content-Length: " + length + "\r\n\r\n";
        }

        private String digest(AuthHeader h, String method, String uri) throws Exception {
            String realm = h.param("realm").orElseThrow();
            String nonce = h.param("nonce").orElseThrow();
            String cnonce = "c" + SEQ.incrementAndGet();
            String ha1 = md5(user + ":" + realm + ":" + user + "-pw");
            String ha2 = md5(method + ":" + uri);
            String response = md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2);
            return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                    + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"" + cnonce
                    + "\"" + h.param("opaque").map(o -> ", opaque=\"" + o + "\"").orElse("");
        }

        void send(byte[] bytes) throws Exception {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), edge));
        }

        SipMessage receive() throws Exception {
            byte[] buf = new byte[65535];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                if (new SipMessageDecoder().decode(buf, 0, p.getLength()) instanceof DecodeResult.Parsed parsed) {
                    if (parsed.message() instanceof SipResponse r && r.status() < 200) {
                        continue;
                    }
                    return parsed.message();
                }
            }
        }

        SipResponse finalResponse() throws Exception {
            while (true) {
                if (receive() instanceof SipResponse r) {
                    return r;
                }
            }
        }

        SipRequest receiveRequest() throws Exception {
            while (true) {
                if (receive() instanceof SipRequest r) {
                    return r;
                }
            }
        }

        void answer(SipRequest req, int status) throws Exception {
            send(new SipMessageEncoder().encode(SipResponse.forRequest(req, status, "OK", "bt").build()));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
