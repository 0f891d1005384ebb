package io.vouch.cert.internal.body;

import com.google.protobuf.ByteString;
import io.vouch.cert.TestPki;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Transport;
import io.vouch.smime.MimeEntity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** MESSAGE requests with S/MIME bodies, and the users who send them. */
final class SmimeMessages {
    /** A user's key pair and certificate (SAN URI {@code sip:<aor>}). */
    record User(String aor, KeyPair keys, X509Certificate cert) {
        static User of(String aor, KeyPair keys) {
            return new User(aor, keys, TestPki.user(keys, aor, Instant.now()));
        }
    }

    private SmimeMessages() {
    }

    /** A MESSAGE from {@code from} to {@code to} whose body and Content-* headers are {@code body}'s. */
    static byte[] message(String callId, String from, String to, MimeEntity body) {
        StringBuilder head = new StringBuilder()
                .append("MESSAGE sip:").append(to).append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-").append(callId).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:").append(from).append(">;tag=f1\r\n")
                .append("To: <sip:").append(to).append(">\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: 1 MESSAGE\r\n");
        for (MimeEntity.Header h : body.headers()) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        head.append("Content-Length: ").append(body.content().length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body.content());
        return out.toByteArray();
    }

    static SipEvent event(String edgeId, String tx, byte[] sip) {
        return SipEvent.newBuilder().setSip(ByteString.copyFrom(sip))
                .setFlow(Flow.newBuilder().setEdgeId(edgeId).setTransport(Transport.UDP)
                        .setRemoteHost("192.0.2.10").setRemotePort(5060))
                .setTransactionId(tx).setTraceId("0af7651916cd43dd8448eb211c80319c")
                .setReceivedAtEpochMicros(System.currentTimeMillis() * 1000).build();
    }

    /** The same bytes with the first {@code from} replaced by {@code to} (same length keeps Content-Length right). */
    static byte[] tamper(byte[] sip, String from, String to) {
        String s = new String(sip, StandardCharsets.ISO_8859_1);
        int i = s.lastIndexOf(from);
        if (i < 0 || from.length() != to.length()) {
            throw new IllegalArgumentException("cannot tamper");
        }
        return (s.substring(0, i) + to + s.substring(i + from.length())).getBytes(StandardCharsets.ISO_8859_1);
    }
}
