package io.vouch.loadtest.internal;

import io.vouch.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Builds the requests of the simulated calls as text, the way SIPp scenarios do (RFC 3261 §8.1.1 mandatory
 * headers, §17.1.1.3 ACK for non-2xx). Values come from the tool itself, never from the network, except the To
 * header of an ACK, which is copied from the response it acknowledges.
 */
public final class SipRequests {

    /** The part of a request shared by every transaction of one call. */
    public record Dialog(String requestUri, String from, String to, String callId, String contact) {
    }

    private static final String SDP = """
            v=0\r
            o=loadtest 1 1 IN IP4 127.0.0.1\r
            s=-\r
            c=IN IP4 127.0.0.1\r
            t=0 0\r
            m=audio 40000 RTP/AVP 0\r
            a=rtpmap:0 PCMU/8000\r
            """;

    private SipRequests() {
    }

    /** The Via of every request the tool sends; {@code rport} asks for RFC 3581 symmetric responses. */
    public static String via(SipFlow flow, String branch) {
        return "SIP/2.0/" + flow.transport() + " " + flow.localHostPort() + ";branch=" + branch + ";rport";
    }

    public static byte[] options(SipFlow flow, String branch, Dialog d, long cseq) {
        StringBuilder sb = start("OPTIONS", flow, branch, d, cseq);
        sb.append("Accept: application/sdp\r\n");
        return finish(sb, "");
    }

    /** A SUBSCRIBE to the certificate event package (RFC 6072 §6) as a fetch: one NOTIFY, then terminated. */
    public static byte[] certificateFetch(SipFlow flow, String branch, Dialog d, long cseq) {
        StringBuilder sb = start("SUBSCRIBE", flow, branch, d, cseq);
        sb.append("Event: certificate\r\nAccept: application/pkix-cert\r\nExpires: 0\r\n");
        return finish(sb, "");
    }

    public static byte[] register(SipFlow flow, String branch, Dialog d, long cseq, int expires,
                                  Optional<String> authorization) {
        StringBuilder sb = start("REGISTER", flow, branch, d, cseq);
        sb.append("Expires: ").append(expires).append("\r\n");
        authorization.ifPresent(a -> sb.append("Authorization: ").append(a).append("\r\n"));
        return finish(sb, "");
    }

    /** A MESSAGE (RFC 3428) with a body of any type, possibly binary (an S/MIME body travels as sent). */
    public static byte[] message(SipFlow flow, String branch, Dialog d, long cseq, String contentType, byte[] body,
                                 Optional<String> proxyAuthorization) {
        StringBuilder sb = start("MESSAGE", flow, branch, d, cseq);
        proxyAuthorization.ifPresent(a -> sb.append("Proxy-Authorization: ").append(a).append("\r\n"));
        sb.append("Content-Type: ").append(contentType).append("\r\n");
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /**
     * An INVITE with an SDP offer.
     *
     * @param authHeader {@code Authorization} or {@code Proxy-Authorization}, with {@code authValue}
     * @param identity   an Identity header value (RFC 8224 §4.1) to carry, if any
     */
    public static byte[] invite(SipFlow flow, String branch, Dialog d, long cseq, Optional<String> identity,
                                String authHeader, Optional<String> authValue) {
        StringBuilder sb = start("INVITE", flow, branch, d, cseq);
        identity.ifPresent(i -> sb.append("Identity: ").append(i).append("\r\n"));
        authValue.ifPresent(a -> sb.append(authHeader).append(": ").append(a).append("\r\n"));
        sb.append("Content-Type: application/sdp\r\n");
        return finish(sb, SDP);
    }

    /** The ACK of a non-2xx final response to an INVITE (RFC 3261 §17.1.1.3): same branch and CSeq number. */
    public static byte[] ack(SipFlow flow, String branch, Dialog d, long cseq, SipResponse response) {
        String to = response.headers().first("To").orElse(d.to());
        StringBuilder sb = new StringBuilder(400)
                .append("ACK ").append(d.requestUri()).append(" SIP/2.0\r\n")
                .append("Via: ").append(via(flow, branch)).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: ").append(d.from()).append("\r\n")
                .append("To: ").append(to).append("\r\n")
                .append("Call-ID: ").append(d.callId()).append("\r\n")
                .append("CSeq: ").append(cseq).append(" ACK\r\n");
        return finish(sb, "");
    }

    /**
     * The ACK for a retransmitted non-2xx final response whose transaction is over, built from the response
     * alone: this tool always uses the To URI as Request-URI and the Via layout of {@link #via}.
     */
    public static byte[] ackFromResponse(SipFlow flow, SipResponse response) {
        String branch = response.topVia().branch().orElse("");
        Dialog d = new Dialog(response.to().uri().toString(), response.headers().first("From").orElse(""),
                "", response.callId(), "");
        return ack(flow, branch, d, response.cseq().sequence(), response);
    }

    private static StringBuilder start(String method, SipFlow flow, String branch, Dialog d, long cseq) {
        return new StringBuilder(700)
                .append(method).append(' ').append(d.requestUri()).append(" SIP/2.0\r\n")
                .append("Via: ").append(via(flow, branch)).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: ").append(d.from()).append("\r\n")
                .append("To: ").append(d.to()).append("\r\n")
                .append("Call-ID: ").append(d.callId()).append("\r\n")
                .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n")
                .append("Contact: ").append(d.contact()).append("\r\n")
                .append("User-Agent: vouch-loadtest\r\n");
    }

    private static byte[] finish(StringBuilder sb, String body) {
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        sb.append("Content-Length: ").append(bodyBytes.length).append("\r\n\r\n").append(body);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
