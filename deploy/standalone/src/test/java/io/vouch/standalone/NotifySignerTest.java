package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed NOTIFY verified by an independent implementation: the RFC 4474 §9 digest string is rebuilt here from the
 * message as sent, and {@code openssl dgst -sha256 -verify} checks the Identity signature with the domain
 * certificate's key; a flipped body byte must fail.
 */
class NotifySignerTest {
    @TempDir
    Path dir;

    @Test
    void opensslVerifiesTheSignatureAndRejectsAFlippedBodyByte() throws Exception {
        var files = DevDomainCertificate.ensure(dir);
        byte[] body = Base64.getMimeDecoder().decode(Files.readString(files.certificate())
                .replaceAll("-----[A-Z ]+-----", ""));
        String head = "NOTIFY sip:bob@192.0.2.7:5070 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKabc\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=ours\r\n"
                + "To: <sip:bob@127.0.0.1>;tag=theirs\r\n"
                + "Call-ID: sub-1@127.0.0.1\r\n"
                + "CSeq: 3 NOTIFY\r\n"
                + "Contact: <sip:127.0.0.1:5060>\r\n"
                + "Event: certificate\r\n"
                + "Subscription-State: active;expires=600\r\n"
                + "Content-Type: application/pkix-cert\r\n"
                + "Content-Disposition: signal;handling=required\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        SipRequest notify = decode(concat(head.getBytes(StandardCharsets.US_ASCII), body));
        NotifySigner signer = new NotifySigner(DevDomainCertificate.readKey(files.key()),
                "https://127.0.0.1:8443/certs/abc.pem",
                Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC));
        SipRequest sent = decode(new SipMessageEncoder().encode(signer.apply(notify)));
        assertEquals("Mon, 01 Jun 2026 12:00:00 GMT", sent.headers().first("Date").orElseThrow());
        assertEquals("<https://127.0.0.1:8443/certs/abc.pem>;alg=rsa-sha256",
                sent.headers().first("Identity-Info").orElseThrow());

        String identity = sent.headers().first("Identity").orElseThrow();
        Path sig = dir.resolve("sig.bin");
        Files.write(sig, Base64.getDecoder().decode(identity.substring(1, identity.length() - 1)));
        Path pub = dir.resolve("pub.pem");
        assertEquals(0, openssl(List.of("x509", "-in", files.certificate().toString(), "-pubkey", "-noout",
                "-out", pub.toString())));

        Path digest = dir.resolve("digest.bin");
        Files.write(digest, digestString(sent, sent.body()));
        assertEquals(0, openssl(List.of("dgst", "-sha256", "-verify", pub.toString(), "-signature", sig.toString(),
                digest.toString())), "openssl verifies the NOTIFY's Identity");

        byte[] flipped = sent.body().clone();
        flipped[flipped.length / 2] ^= 0x01;
        Files.write(digest, digestString(sent, flipped));
        assertTrue(openssl(List.of("dgst", "-sha256", "-verify", pub.toString(), "-signature", sig.toString(),
                digest.toString())) != 0, "a flipped body byte breaks the signature");
    }

    /** RFC 4474 §9, written out independently: addr-specs of From and To, Call-ID, CSeq, Date, Contact, body. */
    private static byte[] digestString(SipRequest r, byte[] body) {
        String from = between(r.headers().first("From").orElseThrow());
        String to = between(r.headers().first("To").orElseThrow());
        String contact = between(r.headers().first("Contact").orElseThrow());
        String s = from + "|" + to + "|" + r.headers().first("Call-ID").orElseThrow() + "|"
                + r.headers().first("CSeq").orElseThrow() + "|" + r.headers().first("Date").orElseThrow() + "|"
                + contact + "|";
        return concat(s.getBytes(StandardCharsets.UTF_8), body);
    }

    private static String between(String nameAddr) {
        return nameAddr.substring(nameAddr.indexOf('<') + 1, nameAddr.indexOf('>'));
    }

    private static int openssl(List<String> args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    private static SipRequest decode(byte[] b) {
        return (SipRequest) ((DecodeResult.Parsed) new SipMessageDecoder().decode(b)).message();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
