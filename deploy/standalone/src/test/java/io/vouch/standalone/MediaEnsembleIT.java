package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.loadtest.MediaCheck;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The media-keying stage in the whole ensemble, driven over real UDP and TLS from a trusted source (so INVITEs go
 * edge → media → identity): SDES over UDP is refused with 488 + Warning, over TLS it is signed; DTLS fingerprints
 * end up in the PASSporT {@code mky} and an altered fingerprint fails verification; no SDES key rests on the bus
 * in clear.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MediaEnsembleIT {
    /** RFC 4568 §9.1's example key: 30 octets of AES_CM_128 key ‖ salt. */
    private static final String SDES_KEY = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
    private static final String MIKEY = "AQAFgM0XflABAAAAAAAAAAAAAAsAyO7bsGzSiF4e";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static Ensemble ensemble;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("vouch-media-it");
        ensemble = Ensemble.start(LaunchOptions.parse(new String[] {"--data-dir", dataDir.toString(),
            "--kafka-port", "0", "--management-port", "0", "--partitions", "2", "--set", "edge.sip.udp.port=0",
            "--set", "edge.sip.tcp.port=-1", "--set", "edge.sip.tls.port=0", "--set", "edge.pipeline.timeout.ms=10000",
            "--set", "stir.https.port=0", "--set", "cert.repository.https.port=0",
            "--set", "edge.trusted.sources=127.0.0.1", "--set", "identity.trusted.sources=127.0.0.1"}));
    }

    @AfterAll
    static void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
        KafkaTestSupport.deleteRecursively(dataDir);
    }

    @Test
    void refusesSdesOverUdpWith488AndAWarning() throws Exception {
        SipResponse r = overUdp(invite("UDP", 0, sdes()));
        assertEquals(488, r.status());
        String warning = r.headers().first("Warning").orElseThrow();
        assertTrue(warning.startsWith("399 "), warning);
        assertTrue(warning.toLowerCase().contains("tls"), warning);
    }

    @Test
    void signsSdesOverTls() throws Exception {
        SipResponse r = overTls(invite("TLS", 0, sdes()));
        assertEquals(302, r.status());
        assertFalse(r.headers().all("Identity").isEmpty());
    }

    @Test
    void invitesWithoutSdpAreSignedAsBefore() throws Exception {
        SipResponse r = overUdp(invite("UDP", 0, ""));
        assertEquals(302, r.status());
        assertFalse(claims(r).contains("\"mky\""), claims(r));
    }

    @Test
    void signsMkyAndReportsAnAlteredFingerprintOnVerification() throws Exception {
        String fp = fingerprint("offer");
        int call = SEQ.incrementAndGet();
        SipResponse signed = overUdp(invite("UDP", call, dtls(fp), ""));
        assertEquals(302, signed.status());
        String claims = claims(signed);
        assertTrue(claims.contains("\"mky\":[{\"alg\":\"sha-256\",\"dig\":\"" + fp + "\"}]"), claims);

        String identity = "Identity: " + signed.headers().first("Identity").orElseThrow() + "\r\n";
        SipResponse good = overUdp(invite("UDP", call, dtls(fp.toLowerCase()), identity));
        assertEquals(302, good.status());
        assertTrue(good.headers().first("P-Asserted-Identity").orElseThrow().contains("TN-Validation-Passed"));

        SipResponse altered = overUdp(invite("UDP", call, dtls(fingerprint("attacker")), identity));
        assertEquals(438, altered.status());
        assertTrue(altered.headers().first("Reason").orElse("").length() > 0);
    }

    @Test
    void noSdesKeyOrMikeyPayloadRestsOnTheBusInClear() throws Exception {
        assertEquals(302, overTls(invite("TLS", 0, sdes())).status());
        assertEquals(488, overUdp(invite("UDP", 0, sdes())).status());
        byte[] decoded = Base64.getDecoder().decode(SDES_KEY);
        byte[] mikey = Base64.getDecoder().decode(MIKEY);
        List<byte[]> values = rawValues(List.of("vouch.sip.media", "vouch.sip.identity", "vouch.sip.auth"));
        int withSdp = 0;
        for (byte[] v : values) {
            String text = new String(v, StandardCharsets.ISO_8859_1);
            withSdp += text.contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:") ? 1 : 0;
            assertFalse(text.contains(SDES_KEY), "SDES key text on the bus");
            assertFalse(text.contains(MIKEY), "MIKEY payload on the bus");
            assertFalse(indexOf(v, decoded) >= 0, "SDES key octets on the bus");
            assertFalse(indexOf(v, mikey) >= 0, "MIKEY octets on the bus");
        }
        assertTrue(withSdp >= 3, "the SDES offers were produced (redacted): " + withSdp);
    }

    @Test
    void theLoadTestersMediaCheckNegotiatesSdesThroughVouchAndExchangesSrtp() throws Exception {
        MediaCheck.Options o = new MediaCheck.Options("127.0.0.1", ensemble.edge().tlsPort(), "12155550100",
                "12155550101", 200);
        MediaCheck.Report r = MediaCheck.forLoopback(o.host(), o.tlsPort()).run(o);
        assertTrue(r.passed(), r.toString());
        assertEquals(5, r.steps().size());
    }

    private static String sdes() {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 49170 RTP/SAVP 0\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SDES_KEY + "|2^20|1:4\r\n"
                + "a=key-mgmt:mikey " + MIKEY + "\r\n";
    }

    private static String dtls(String fingerprint) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 49170 UDP/TLS/RTP/SAVP 0\r\na=setup:actpass\r\n"
                + "a=fingerprint:sha-256 " + fingerprint + "\r\n";
    }

    private static String fingerprint(String seed) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(seed.getBytes(StandardCharsets.UTF_8)));
    }

    private static String invite(String transport, int call, String sdp) {
        return invite(transport, call == 0 ? SEQ.incrementAndGet() : call, sdp, "");
    }

    private static String invite(String transport, int call, String sdp, String extra) {
        int n = SEQ.incrementAndGet();
        return "INVITE sip:+12155550101@127.0.0.1;user=phone SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:5999;branch=z9hG4bK-media-" + n + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+12155550100@127.0.0.1;user=phone>;tag=f" + n + "\r\n"
                + "To: <sip:+12155550101@127.0.0.1;user=phone>\r\n"
                + "Call-ID: media-" + call + "@127.0.0.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:+12155550100@127.0.0.1:5999>\r\n"
                + extra
                + (sdp.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + sdp.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + sdp;
    }

    /** The PASSporT claims JSON of the first Identity header of {@code r}. */
    private static String claims(SipResponse r) {
        String token = r.headers().first("Identity").orElseThrow();
        String jws = token.split(";")[0].trim();
        return new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static SipResponse overUdp(String request) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(20_000);
            byte[] req = request.getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(req, req.length, InetAddress.getLoopbackAddress(), ensemble.edge().udpPort()));
            byte[] buf = new byte[65535];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                SipResponse resp = parse(java.util.Arrays.copyOf(buf, p.getLength()));
                if (resp.status() >= 200) {
                    return resp;
                }
            }
        }
    }

    private static SipResponse overTls(String request) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", ensemble.edge().tlsPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            while (true) {
                SipResponse resp = parse(readMessage(in));
                if (resp.status() >= 200) {
                    return resp;
                }
            }
        }
    }

    /** One message off a stream: the head up to the empty line, then Content-Length octets. */
    private static byte[] readMessage(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("connection closed");
            }
            out.write(b);
            String head = out.toString(StandardCharsets.ISO_8859_1);
            if (head.endsWith("\r\n\r\n")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^(?:content-length|l)\\s*:\\s*(\\d+)")
                        .matcher(head);
                int len = m.find() ? Integer.parseInt(m.group(1)) : 0;
                out.write(in.readNBytes(len));
                return out.toByteArray();
            }
        }
    }

    private static SipResponse parse(byte[] bytes) {
        return (SipResponse) ((DecodeResult.Parsed) new SipMessageDecoder().decode(bytes)).message();
    }

    private static List<byte[]> rawValues(List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ensemble.embeddedBootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String t : topics) {
                c.partitionsFor(t, Duration.ofSeconds(10)).forEach(pi -> tps.add(new TopicPartition(t, pi.partition())));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            var end = c.endOffsets(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
