package io.vouch.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vouch.edge.EdgeConfig;
import io.vouch.proto.Topics;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RFC 6072 routing: certificate SUBSCRIBEs go to the certificate service, PUBLISH and credential via auth; MESSAGE,
 * NOTIFY and INFO to local users via auth to delivery.
 */
class RouterCertTest {
    private final Router router = new Router(EdgeConfig.from(new JsonObject().put("sip.domains", "example.com")));

    private static SipRequest request(String method, String ruri, String event) {
        String s = method + " " + ruri + " SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK1\r\n"
                + "From: <sip:bob@example.com>;tag=1\r\nTo: <" + ruri + ">\r\nCall-ID: c1\r\nCSeq: 1 " + method
                + "\r\nMax-Forwards: 70\r\nEvent: " + event + "\r\nContent-Length: 0\r\n\r\n";
        return (SipRequest) ((DecodeResult.Parsed) new SipMessageDecoder()
                .decode(s.getBytes(StandardCharsets.UTF_8))).message();
    }

    @Test
    void routesCertificateSubscribesToTheCertificateServiceByAor() {
        assertEquals(new Router.Publish(Topics.CERT, "alice@example.com"),
                router.route(request("SUBSCRIBE", "sip:alice@Example.com", "Certificate;id=1"), false));
    }

    @Test
    void routesPublishAndCredentialThroughAuth() {
        assertEquals(Topics.AUTH, ((Router.Publish) router.route(request("PUBLISH", "sip:alice@example.com",
                "certificate"), false)).topic());
        assertEquals(Topics.AUTH, ((Router.Publish) router.route(request("SUBSCRIBE", "sip:alice@example.com",
                "credential"), false)).topic());
    }

    @Test
    void routesMessageNotifyAndInfoToLocalUsersThroughAuthKeyedBySender() {
        for (String m : new String[] {"MESSAGE", "NOTIFY", "INFO"}) {
            assertEquals(new Router.Publish(Topics.AUTH, "example.com/bob"),
                    router.route(request(m, "sip:alice@example.com", "x"), false), m);
            assertEquals(404, ((Router.Respond) router.route(request(m, "sip:alice@elsewhere.org", "x"), false))
                    .status(), "no proxying to other domains");
        }
        assertEquals(405, ((Router.Respond) router.route(request("BYE", "sip:alice@example.com", "x"), false))
                .status());
        assertTrue(io.vouch.runtime.sip.SipCapabilities.ALLOW.containsAll(java.util.List.of("MESSAGE", "NOTIFY", "INFO")));
    }

    @Test
    void refusesOtherDomains() {
        assertEquals(404, ((Router.Respond) router.route(request("SUBSCRIBE", "sip:alice@elsewhere.org",
                "certificate"), false)).status());
    }
}
