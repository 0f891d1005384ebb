package io.vouch.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SelfSignedCertificate;
import io.vouch.sip.AuthHeader;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import io.vouch.sip.SipStreamDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A small SIP UAS for the load tester's tests, over real UDP, TCP and TLS sockets on loopback: OPTIONS → 200;
 * REGISTER → 401 (SHA-256 and MD5 challenges) then 200 for a correct digest (checked independently of the tool's
 * own code), 403 otherwise; INVITE without Identity → 407 then 302 with an Identity header; INVITE with Identity →
 * 302 with verstat. Answers retransmissions from a per-branch cache, can drop first transmissions, and can refuse
 * with 503 above a rate.
 */
final class TestUas {

    /** How the UAS misbehaves. */
    record Behaviour(int dropEveryNth, boolean challengeInvites, double maxRatePerSecond, boolean silent) {
        static Behaviour normal() {
            return new Behaviour(0, true, 0, false);
        }
    }

    private final Vertx vertx;
    private final Behaviour behaviour;
    private final Map<String, String> passwords;
    private final SipMessageDecoder decoder = new SipMessageDecoder();
    private final SipMessageEncoder encoder = new SipMessageEncoder();
    private final Map<String, byte[]> answered = new ConcurrentHashMap<>();
    private final Map<String, Boolean> dropped = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Deque<Long> recent = new ArrayDeque<>();
    final AtomicLong firstTransmissions = new AtomicLong();
    final AtomicLong retransmissionsSeen = new AtomicLong();
    final AtomicLong acks = new AtomicLong();
    final AtomicLong badDigests = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
    private DatagramSocket udp;
    private NetServer tcp;
    private NetServer tls;

    private TestUas(Vertx vertx, Behaviour behaviour, Map<String, String> passwords) {
        this.vertx = vertx;
        this.behaviour = behaviour;
        this.passwords = passwords;
    }

    static TestUas start(Vertx vertx, Behaviour behaviour, Map<String, String> passwords) throws Exception {
        TestUas uas = new TestUas(vertx, behaviour, passwords);
        uas.udp = vertx.createDatagramSocket();
        uas.udp.handler(p -> uas.onBytes(p.data().getBytes(),
                bytes -> uas.udp.send(Buffer.buffer(bytes), p.sender().port(), p.sender().host())));
        Future<?> u = uas.udp.listen(0, "127.0.0.1");
        uas.tcp = vertx.createNetServer().connectHandler(socket -> uas.serveStream(socket));
        Future<?> t = uas.tcp.listen(0, "127.0.0.1");
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        uas.tls = vertx.createNetServer(new NetServerOptions().setSsl(true).setKeyCertOptions(cert.keyCertOptions()))
                .connectHandler(socket -> uas.serveStream(socket));
        Future<?> s = uas.tls.listen(0, "127.0.0.1");
        Future.all(u, t, s).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return uas;
    }

    private void serveStream(NetSocket socket) {
        connections.incrementAndGet();
        SipStreamDecoder stream = new SipStreamDecoder();
        socket.handler(data -> {
            for (DecodeResult r : stream.feed(data.getBytes())) {
                if (r instanceof DecodeResult.Parsed p && p.message() instanceof SipRequest req) {
                    onRequest(req, bytes -> socket.write(Buffer.buffer(bytes)));
                }
            }
        });
    }

    int tlsPort() {
        return tls.actualPort();
    }

    int udpPort() {
        return udp.localAddress().port();
    }

    int tcpPort() {
        return tcp.actualPort();
    }

    long requests(String method) {
        AtomicLong n = requests.get(method);
        return n == null ? 0 : n.get();
    }

    void close() throws Exception {
        Future.all(udp.close(), tcp.close(), tls.close()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void onBytes(byte[] bytes, Consumer<byte[]> reply) {
        if (decoder.decode(bytes) instanceof DecodeResult.Parsed p && p.message() instanceof SipRequest req) {
            onRequest(req, reply);
        }
    }

    private void onRequest(SipRequest req, Consumer<byte[]> reply) {
        if (req.method().equals("ACK")) {
            acks.incrementAndGet();
            return;
        }
        String key = req.topVia().branch().orElse("") + " " + req.method();
        byte[] cached = answered.get(key);
        if (cached != null || dropped.containsKey(key)) {
            retransmissionsSeen.incrementAndGet();
            if (cached != null) {
                reply.accept(cached);
                return;
            }
        } else {
            requests.computeIfAbsent(req.method(), m -> new AtomicLong()).incrementAndGet();
            long n = firstTransmissions.incrementAndGet();
            if (behaviour.silent() || (behaviour.dropEveryNth() > 0 && n % behaviour.dropEveryNth() == 0)) {
                dropped.put(key, true);
                return;
            }
        }
        if (behaviour.silent()) {
            return;
        }
        byte[] response = encoder.encode(answer(req));
        answered.put(key, response);
        reply.accept(response);
    }

    private synchronized boolean overRate() {
        if (behaviour.maxRatePerSecond() <= 0) {
            return false;
        }
        long now = System.nanoTime();
        recent.addLast(now);
        while (!recent.isEmpty() && recent.peekFirst() < now - 1_000_000_000L) {
            recent.removeFirst();
        }
        return recent.size() > behaviour.maxRatePerSecond();
    }

    private SipResponse answer(SipRequest req) {
        if (overRate()) {
            return SipResponse.forRequest(req, 503, "Service Unavailable").header("Retry-After", "1").build();
        }
        return switch (req.method()) {
            case "OPTIONS" -> SipResponse.forRequest(req, 200, "OK").header("Allow", "INVITE, ACK, OPTIONS, REGISTER")
                    .build();
            case "REGISTER" -> register(req);
            case "INVITE" -> invite(req);
            default -> SipResponse.forRequest(req, 501, "Not Implemented").build();
        };
    }

    private SipResponse register(SipRequest req) {
        List<AuthHeader> creds = req.authorizations();
        if (creds.isEmpty()) {
            return challenge(req, 401, "WWW-Authenticate");
        }
        return digestOk(creds.getFirst(), "REGISTER")
                ? SipResponse.forRequest(req, 200, "OK").header("Contact", req.headers().first("Contact").orElseThrow())
                        .header("Expires", "3600").build()
                : SipResponse.forRequest(req, 403, "Forbidden").build();
    }

    private SipResponse invite(SipRequest req) {
        if (!req.identities().isEmpty()) {
            String identity = req.identities().getFirst();
            boolean wellFormed = identity.split(";")[0].split("\\.").length == 3 && identity.contains("ppt=shaken");
            String from = req.from().uri().toString();
            return SipResponse.forRequest(req, 302, "Moved Temporarily").header("Contact", "<" + req.requestUriText() + ">")
                    .header("P-Asserted-Identity", "<" + from + ";verstat="
                            + (wellFormed ? "TN-Validation-Passed" : "TN-Validation-Failed") + ">")
                    .build();
        }
        if (behaviour.challengeInvites()) {
            List<AuthHeader> creds = req.proxyAuthorizations();
            if (creds.isEmpty()) {
                return challenge(req, 407, "Proxy-Authenticate");
            }
            if (!digestOk(creds.getFirst(), "INVITE")) {
                return SipResponse.forRequest(req, 403, "Forbidden").build();
            }
        }
        return SipResponse.forRequest(req, 302, "Moved Temporarily").header("Contact", "<" + req.requestUriText() + ">")
                .header("Identity", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln;info=<https://127.0.0.1/x.pem>;alg=ES256;ppt=shaken")
                .build();
    }

    private SipResponse challenge(SipRequest req, int status, String header) {
        String nonce = Long.toHexString(System.nanoTime()) + Long.toHexString(Double.doubleToLongBits(Math.random()));
        String reason = status == 401 ? "Unauthorized" : "Proxy Authentication Required";
        return SipResponse.forRequest(req, status, reason)
                .header(header, "Digest realm=\"test.local\", nonce=\"" + nonce
                        + "\", qop=\"auth\", algorithm=SHA-256, opaque=\"op1\"")
                .header(header, "Digest realm=\"test.local\", nonce=\"" + nonce
                        + "\", qop=\"auth\", algorithm=MD5, opaque=\"op1\"")
                .build();
    }

    /** RFC 7616 §3.4.1 with qop=auth, computed here independently of the tool. */
    private boolean digestOk(AuthHeader h, String method) {
        Optional<String> user = h.param("username");
        String password = user.map(passwords::get).orElse(null);
        if (password == null) {
            badDigests.incrementAndGet();
            return false;
        }
        String alg = h.param("algorithm").orElse("MD5").equalsIgnoreCase("SHA-256") ? "SHA-256" : "MD5";
        String ha1 = hex(alg, user.get() + ":" + h.param("realm").orElse("") + ":" + password);
        String ha2 = hex(alg, method + ":" + h.param("uri").orElse(""));
        String expected = hex(alg, ha1 + ":" + h.param("nonce").orElse("") + ":" + h.param("nc").orElse("") + ":"
                + h.param("cnonce").orElse("") + ":" + h.param("qop").orElse("") + ":" + ha2);
        boolean ok = expected.equals(h.param("response").orElse("")) && "op1".equals(h.param("opaque").orElse(""));
        if (!ok) {
            badDigests.incrementAndGet();
        }
        return ok;
    }

    private static String hex(String alg, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
