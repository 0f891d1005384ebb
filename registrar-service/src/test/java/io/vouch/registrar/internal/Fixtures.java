package io.vouch.registrar.internal;

import com.google.protobuf.ByteString;
import io.vouch.proto.AuthAssertion;
import io.vouch.proto.AuthMethod;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Transport;
import io.vouch.runtime.testing.MutableClock;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** SIP text fixtures and a settable clock for registrar tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    static final Flow FLOW = Flow.newBuilder().setEdgeId("edge-1").setTransport(Transport.TCP).setFlowId("conn-7")
            .setRemoteHost("192.0.2.10").setRemotePort(50060).setLocalHost("198.51.100.1").setLocalPort(5060).build();

    private Fixtures() {
    }

    /** A REGISTER for alice@example.com with one Via; {@code headers} are extra header lines without CRLF. */
    static String registerText(String callId, long cseq, String... headers) {
        return registerText("alice", callId, cseq, headers);
    }

    static String registerText(String user, String callId, long cseq, String... headers) {
        StringBuilder sb = new StringBuilder()
                .append("REGISTER sip:example.com SIP/2.0\r\n")
                .append("Via: SIP/2.0/TCP 192.0.2.10:50060;branch=z9hG4bK-").append(callId).append('-').append(cseq)
                .append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:").append(user).append("@example.com>;tag=f1\r\n")
                .append("To: <sip:").append(user).append("@example.com>\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append(" REGISTER\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("Content-Length: 0\r\n\r\n").toString();
    }

    static SipRequest request(String text) {
        DecodeResult r = new SipMessageDecoder().decode(text.getBytes(StandardCharsets.UTF_8));
        if (r instanceof DecodeResult.Parsed p && p.message() instanceof SipRequest req) {
            return req;
        }
        throw new AssertionError("fixture does not decode: " + r);
    }

    static SipEvent event(String text, String identity) {
        SipEvent.Builder b = SipEvent.newBuilder().setSip(ByteString.copyFromUtf8(text)).setFlow(FLOW)
                .setTransactionId("tx-1").setTraceId("0af7651916cd43dd8448eb211c80319c");
        if (identity != null) {
            b.setAuth(assertion(identity));
        }
        return b.build();
    }

    /**
     * The auth stage's assertion for a fixture identity: {@code peer:<name>} a mutual-TLS peer, {@code user@realm} a
     * digest user, a bare {@code user} a digest user without realm.
     */
    public static AuthAssertion assertion(String identity) {
        if (identity.startsWith("peer:")) {
            return AuthAssertion.newBuilder().setMethod(AuthMethod.MTLS_PEER).setIdentity(identity.substring(5)).build();
        }
        int at = identity.lastIndexOf('@');
        return AuthAssertion.newBuilder().setMethod(AuthMethod.DIGEST_USER).setIdentity(identity)
                .setRealm(at < 0 ? "" : identity.substring(at + 1)).setAlgorithm("SHA-256").build();
    }

    /** Parses a REGISTER fixture authenticated as {@code identity} (null: unauthenticated). */
    static RegisterRequest parsed(String text, String identity) {
        RegisterParser.Parsed p = RegisterParser.parse(request(text), event(text, identity));
        if (p instanceof RegisterParser.Parsed.Ok ok) {
            return ok.request();
        }
        throw new AssertionError("not parsed: " + p);
    }
}
