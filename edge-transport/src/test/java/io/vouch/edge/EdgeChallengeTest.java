package io.vouch.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.Flow;
import io.vouch.proto.Topics;
import io.vouch.proto.Transport;
import io.vouch.sip.AuthHeader;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import io.vouch.sip.digest.ChallengeHeaders;
import io.vouch.sip.digest.StatelessNonce;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The edge answers the digest challenge (RFC 3261 §22.4) exactly as the auth stage would, for requests without credentials. */
class EdgeChallengeTest {
    private static final byte[] SECRET = new byte[32];
    private static final String KEYS = "7:" + Base64.getEncoder().encodeToString(SECRET);
    private static final Flow UDP_FLOW = Flow.newBuilder().setEdgeId("e1").setTransport(Transport.UDP)
            .setRemoteHost("192.0.2.10").setRemotePort(5070).setLocalHost("127.0.0.1").setLocalPort(5060).build();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> published = new ArrayList<>();
    private final List<SipResponse> sent = new ArrayList<>();

    private EdgeCore core(JsonObject overrides) {
        JsonObject c = new JsonObject().put("edge.id", "e1").put("sip.domains", "example.com,example.org")
                .put("auth.realms", "example.com,example.org").mergeIn(overrides);
        return new EdgeCore(EdgeConfig.from(c), new EdgeMetrics(registry),
                (topic, key, bytes) -> {
                    published.add(topic);
                    return Future.succeededFuture();
                },
                (flow, bytes) -> {
                    sent.add((SipResponse) ((DecodeResult.Parsed) new SipMessageDecoder().decode(bytes)).message());
                    return true;
                },
                new EdgeCore.Timers() {
                    @Override
                    public long set(long delayMs, Runnable task) {
                        return 1;
                    }

                    @Override
                    public void cancel(long id) {
                    }
                },
                System::nanoTime, Clock.systemUTC(), new SipMessageDecoder());
    }

    private static byte[] request(String method, String ruri, String to, String extra) {
        return (method + " " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK-" + method + extra.length() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=a1\r\n"
                + "To: <" + to + ">\r\n"
                + "Call-ID: c-" + method + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject keys() {
        return new JsonObject().put("auth.nonce.keys", KEYS);
    }

    @Test
    void challengesARegisterWithoutCredentialsInTheToRealmWithoutPublishing() {
        core(keys().put("auth.algorithms", "sha-256,MD5").put("auth.qop", "auth-int,auth"))
                .onDatagram(UDP_FLOW, request("REGISTER", "sip:example.com", "sip:alice@example.org", ""));
        assertEquals(List.of(), published);
        SipResponse r = sent.get(0);
        assertEquals(401, r.status());
        assertEquals("Unauthorized", r.reason());
        List<AuthHeader> www = r.wwwAuthenticates();
        assertEquals(List.of("SHA-256", "MD5"), www.stream().map(h -> h.param("algorithm").orElseThrow()).toList());
        AuthHeader first = www.get(0);
        assertEquals("example.org", first.param("realm").orElseThrow());
        assertEquals("auth,auth-int", first.param("qop").orElseThrow());
        assertEquals(ChallengeHeaders.opaque("example.org"), first.param("opaque").orElseThrow());
        String nonce = first.param("nonce").orElseThrow();
        assertEquals(nonce, www.get(1).param("nonce").orElseThrow(), "one nonce for every algorithm");
        SecretKeySpec key = new SecretKeySpec(SECRET, "HmacSHA256");
        assertInstanceOf(StatelessNonce.Authentic.class,
                StatelessNonce.open(nonce, "example.org", id -> id == 7 ? key : null), "minted under key 7");
        assertInstanceOf(StatelessNonce.Forged.class, StatelessNonce.open(nonce, "example.com", id -> key),
                "bound to its realm");
        assertEquals(1.0, registry.find("vouch.edge.challenges").tags("method", "REGISTER").counter().count());
    }

    @Test
    void challengesAnInviteWith407InTheRequestUriRealm() {
        core(keys()).onDatagram(UDP_FLOW, request("INVITE", "sip:bob@example.org", "sip:bob@example.org", ""));
        assertEquals(List.of(), published);
        SipResponse r = sent.get(0);
        assertEquals(407, r.status());
        List<String> values = r.headers().all("Proxy-Authenticate");
        assertEquals(1, values.size());
        assertTrue(values.get(0).contains("realm=\"example.org\"") && values.get(0).contains("algorithm=MD5"),
                values.get(0));
    }

    @Test
    void leavesToAuthWhatAuthMustSee() {
        EdgeCore core = core(keys().put("auth.trusted.peers", "source:192.0.2.10").put("auth.route.publish", "none"));
        // credentials offered (even wrong ones): auth checks them
        core.onDatagram(UDP_FLOW, request("REGISTER", "sip:example.com", "sip:alice@example.com",
                "Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=\"x\", uri=\"sip:example.com\","
                        + " response=\"00\"\r\n"));
        // a method auth answers 501
        core.onDatagram(UDP_FLOW, request("PUBLISH", "sip:alice@example.com", "sip:alice@example.com",
                "Event: credential\r\n"));
        // a trusted peer (auth.trusted.peers) is not challenged
        core.onDatagram(UDP_FLOW.toBuilder().setPeerIdentity("source:192.0.2.10").build(),
                request("REGISTER", "sip:example.com", "sip:alice@example.com", "Max-Breadth: 1\r\n"));
        assertEquals(List.of(Topics.AUTH, Topics.AUTH, Topics.AUTH), published);
        assertEquals(List.of(), sent);
    }

    @Test
    void challengesWithBasicCredentialsOnly() {
        core(keys()).onDatagram(UDP_FLOW, request("REGISTER", "sip:example.com", "sip:alice@example.com",
                "Authorization: Basic YWxpY2U6eA==\r\n"));
        assertEquals(401, sent.get(0).status());
        assertEquals(List.of(), published);
    }

    @Test
    void answersARetransmittedRegisterWithTheSameChallenge() {
        // RFC 3261 §17.2.2: a retransmission gets the response already sent; a fresh nonce would reach a client that
        // already answered the first one as a second, different 401 (SIPp aborts such a call)
        EdgeCore core = core(keys());
        byte[] register = request("REGISTER", "sip:example.com", "sip:alice@example.com", "");
        core.onDatagram(UDP_FLOW, register);
        core.onDatagram(UDP_FLOW, register);
        assertEquals(2, sent.size());
        assertEquals(sent.get(0).wwwAuthenticates().get(0).param("nonce").orElseThrow(),
                sent.get(1).wwwAuthenticates().get(0).param("nonce").orElseThrow());
        assertEquals(sent.get(0).headers().all("To"), sent.get(1).headers().all("To"));
        assertEquals(1.0, registry.find("vouch.edge.challenges").counter().count());
        assertEquals(1.0, registry.find("vouch.edge.retransmissions").tags("state", "completed").counter().count());
        assertEquals(List.of(), published);
    }

    @Test
    void isOffWithoutSharedKeysOrWhenSwitchedOff() {
        core(new JsonObject()).onDatagram(UDP_FLOW, request("REGISTER", "sip:example.com", "sip:alice@example.com",
                ""));
        core(keys().put("edge.challenge.local", "false")).onDatagram(UDP_FLOW,
                request("REGISTER", "sip:example.com", "sip:alice@example.com", ""));
        assertEquals(List.of(Topics.AUTH, Topics.AUTH), published);
        assertThrows(IllegalArgumentException.class,
                () -> EdgeConfig.from(new JsonObject().put("edge.challenge.local", "true")));
        assertThrows(IllegalArgumentException.class,
                () -> EdgeConfig.from(keys().put("auth.algorithms", "SHA-1")));
    }
}
