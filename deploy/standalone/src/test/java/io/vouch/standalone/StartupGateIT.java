package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.auth.UsersCommand;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.AuthHeader;
import io.vouch.sip.SipResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The start order of the one-process ensemble: after a restart whose stage groups still hold the previous
 * incarnation's static member (so a new member gets no partitions until that member's session ends, as after
 * {@code kill -9}), the SIP port stays closed until every stage group has given this process its partitions, and the
 * first REGISTER after it opens is challenged without {@code stale=true} and accepted with credentials at once.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StartupGateIT {
    private static final List<String> GROUPS = List.of("vouch-registrar", "vouch-auth", "vouch-identity",
            "vouch-media", "vouch-cert", "vouch-body");
    private Ensemble ensemble;
    private Path dataDir;

    @AfterEach
    void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
        KafkaTestSupport.deleteRecursively(dataDir);
    }

    private static Ensemble start(Path dir, int sip, int kafka, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--data-dir", dir.toString(), "--kafka-port",
                Integer.toString(kafka), "--management-port", "0", "--partitions", "2",
                "--set", "edge.sip.udp.port=" + sip, "--set", "edge.sip.tcp.port=" + sip, "--set", "edge.sip.tls.port=-1",
                "--set", "stir.https.port=0", "--set", "cert.repository.https.port=0",
                // a nonce minted within 3 s of auth's assignment would be answered stale=true
                "--set", "auth.nonce.rebalance.skew.ms=3000"));
        for (String e : extra) {
            args.add("--set");
            args.add(e);
        }
        return Ensemble.start(LaunchOptions.parse(args.toArray(String[]::new)));
    }

    @Test
    void keepsTheSipPortClosedUntilEveryStageOwnsItsPartitionsThenAcceptsTheFirstRegister() throws Exception {
        dataDir = Files.createTempDirectory("vouch-startup-it");
        int sip = freePort();
        int kafka = freePort();
        // first incarnation: static members (the embedded default) whose session outlives the restart by ~15 s
        ensemble = start(dataDir, sip, kafka, "kafka.consumer.session.timeout.ms=15000");
        addAlice(ensemble.embeddedBootstrap());
        ensemble.close();
        ensemble = null;

        // second incarnation joins dynamically: every stage waits for the first incarnation's member to expire
        CompletableFuture<Map<String, Boolean>> atOpen = CompletableFuture.supplyAsync(() -> watchOpening(sip, kafka));
        ensemble = start(dataDir, sip, kafka, "kafka.consumer.group.instance.id=");
        Map<String, Boolean> owned = atOpen.get(60, TimeUnit.SECONDS);
        assertEquals(GROUPS.size(), owned.size(), () -> "groups described when the port opened: " + owned);
        owned.forEach((group, has) -> assertTrue(has, () -> group + " had given this process no partitions when the "
                + "SIP port opened: " + owned));
        assertTrue(EnsembleIT.get("http://127.0.0.1:" + ensemble.managementPort() + "/health/ready").contains("\"UP\""),
                "ready as soon as the edge listens");

        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(20_000);
            String contact = "Contact: <sip:alice@127.0.0.1:" + s.getLocalPort() + ">\r\n";
            SipResponse challenge = EnsembleIT.exchange(s, sip, request(s.getLocalPort(), 1, contact));
            assertEquals(401, challenge.status());
            assertFalse(stale(challenge), () -> "first challenge: " + challenge);
            SipResponse ok = EnsembleIT.exchange(s, sip, request(s.getLocalPort(), 2, contact + authorization(challenge)));
            assertFalse(stale(ok), () -> "credentials over the first nonce answered stale: " + ok);
            assertEquals(200, ok.status(), () -> "first REGISTER with credentials: " + ok);
        }
    }

    /**
     * Tries a TCP connection to the SIP port every few milliseconds; at the first that succeeds, whether each stage
     * group had assigned partitions to a member of the new (dynamic, so without instance id) incarnation.
     */
    private static Map<String, Boolean> watchOpening(int sip, int kafka) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), sip), 200);
            } catch (IOException refused) {
                sleep(5);
                continue;
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "127.0.0.1:" + kafka))) {
                Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(GROUPS).all()
                        .get(20, TimeUnit.SECONDS);
                Map<String, Boolean> out = new java.util.TreeMap<>();
                groups.forEach((name, d) -> out.put(name, d.members().stream().anyMatch(m ->
                        m.groupInstanceId().isEmpty() && !m.assignment().topicPartitions().isEmpty())));
                return out;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the SIP port never opened");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void addAlice(String bootstrap) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = UsersCommand.run(new String[] {"add", "alice", "--realm", "127.0.0.1", "--kafka", bootstrap},
                new ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8)), new PrintStream(out),
                new PrintStream(out));
        assertEquals(0, rc, out::toString);
    }

    private static boolean stale(SipResponse r) {
        return r.wwwAuthenticates().stream().anyMatch(h -> h.param("stale").map("true"::equalsIgnoreCase)
                .orElse(false));
    }

    private static String authorization(SipResponse challenge) throws Exception {
        AuthHeader www = challenge.wwwAuthenticates().get(0);
        assertEquals("MD5", www.param("algorithm").orElse("MD5"));
        String realm = www.param("realm").orElseThrow();
        String nonce = www.param("nonce").orElseThrow();
        String ha1 = md5("alice:" + realm + ":s3cret");
        String ha2 = md5("REGISTER:sip:127.0.0.1");
        String response = md5(ha1 + ":" + nonce + ":00000001:c1:auth:" + ha2);
        return "Authorization: Digest username=\"alice\", realm=\"" + realm + "\", nonce=\"" + nonce
                + "\", uri=\"sip:127.0.0.1\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=00000001, "
                + "cnonce=\"c1\"" + www.param("opaque").map(o -> ", opaque=\"" + o + "\"").orElse("") + "\r\n";
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String request(int localPort, int cseq, String extra) {
        return "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-startup-" + cseq + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=f" + localPort + "\r\n"
                + "To: <sip:alice@127.0.0.1>\r\n"
                + "Call-ID: startup-" + localPort + "@127.0.0.1\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }
}
