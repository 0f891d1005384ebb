package io.vouch.media;

import io.vouch.sdp.Fingerprint;
import io.vouch.sdp.Mky;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vouch.media.DtlsValidator.Role;
import io.vouch.sdp.SdpDecodeResult;
import io.vouch.sdp.SdpDecoder;
import io.vouch.sdp.SessionDescription;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DtlsValidatorTest {
    static final DtlsValidator V = new DtlsValidator(MediaKeyingConfig.defaults());

    static String resource(String name) throws IOException {
        try (InputStream in = DtlsValidatorTest.class.getResourceAsStream("/dtls/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }

    /** The fingerprint {@code openssl x509 -fingerprint -sha256} printed for the test certificate. */
    static String opensslSha256() throws IOException {
        return resource("cert.sha256.txt").substring("sha256 Fingerprint=".length());
    }

    static String offer(String mediaAttributes) {
        return ("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n"
            + "m=audio 50000 UDP/TLS/RTP/SAVPF 111\n" + mediaAttributes).replace("\n", "\r\n");
    }

    static SessionDescription sdp(String text) {
        return assertInstanceOf(SdpDecodeResult.Parsed.class,
            new SdpDecoder().decode(text.getBytes(StandardCharsets.UTF_8))).description();
    }

    static String invalid(String text, Role role) {
        return assertInstanceOf(DtlsValidator.Result.Invalid.class, V.inspect(sdp(text), role)).reason();
    }

    @Test
    void aFingerprintFromOpensslMatchesTheCertificateDigest() throws Exception {
        byte[] der;
        try (InputStream in = DtlsValidatorTest.class.getResourceAsStream("/dtls/cert.pem")) {
            der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
        }
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(der);
        Fingerprint fp = assertInstanceOf(Fingerprint.ParseResult.Parsed.class,
            Fingerprint.parse("sha-256 " + opensslSha256())).fingerprint();
        assertEquals(HexFormat.of().formatHex(sha256), HexFormat.of().formatHex(fp.digest()));
        assertEquals(opensslSha256(), fp.digestText());
        Fingerprint lower = assertInstanceOf(Fingerprint.ParseResult.Parsed.class,
            Fingerprint.parse("SHA-256 " + opensslSha256().toLowerCase())).fingerprint();
        assertEquals(fp, lower);
    }

    @Test
    void anOfferWithActpassAndAFingerprintIsValid() throws IOException {
        String text = offer("a=fingerprint:sha-256 " + opensslSha256() + "\na=setup:actpass\n"
            + "a=tls-id:abcdefghij0123456789+/_-\n");
        DtlsValidator.Result.Valid v = assertInstanceOf(DtlsValidator.Result.Valid.class, V.inspect(sdp(text), Role.OFFER));
        assertEquals(1, v.fingerprints().size());
        assertEquals("setup actpass in answer", invalid(text, Role.ANSWER));
        assertInstanceOf(DtlsValidator.Result.Valid.class,
            V.inspect(sdp(text.replace("actpass", "active")), Role.ANSWER));
        assertInstanceOf(DtlsValidator.Result.Valid.class,
            V.inspect(sdp(text.replace("actpass", "passive")), Role.ANSWER));
    }

    @Test
    void fingerprintsAreCheckedForHashStrengthShapeAndLength() throws IOException {
        String sha1 = resource("cert.sha1.txt").substring("sha1 Fingerprint=".length());
        assertEquals("fingerprint hash too weak", invalid(offer("a=fingerprint:sha-1 " + sha1 + "\n"), Role.OFFER));
        DtlsValidator lenient = new DtlsValidator(MediaKeyingConfig.from(Map.of(
            MediaKeyingConfig.MIN_FINGERPRINT_HASH, "sha-1")));
        assertInstanceOf(DtlsValidator.Result.Valid.class,
            lenient.inspect(sdp(offer("a=fingerprint:sha-1 " + sha1 + "\n")), Role.OFFER));
        assertEquals("fingerprint length wrong for hash", invalid(offer("a=fingerprint:sha-256 " + sha1 + "\n"),
            Role.OFFER));
        assertEquals("fingerprint not colon-separated hex",
            invalid(offer("a=fingerprint:sha-256 " + opensslSha256().replace(":", "") + "\n"), Role.OFFER));
        assertEquals("fingerprint not colon-separated hex",
            invalid(offer("a=fingerprint:sha-256 " + opensslSha256().replace('A', 'G') + "\n"), Role.OFFER));
        assertEquals("fingerprint hash unknown", invalid(offer("a=fingerprint:crc-32 AB:CD\n"), Role.OFFER));
        assertEquals("fingerprint missing", invalid(offer("a=setup:actpass\n"), Role.OFFER));
    }

    @Test
    void setupAndTlsIdRules() throws IOException {
        String fp = "a=fingerprint:sha-256 " + opensslSha256() + "\n";
        assertEquals("setup holdconn with DTLS", invalid(offer(fp + "a=setup:holdconn\n"), Role.OFFER));
        assertEquals("setup value unknown", invalid(offer(fp + "a=setup:both\n"), Role.OFFER));
        assertEquals("setup repeated", invalid(offer(fp + "a=setup:active\na=setup:passive\n"), Role.ANSWER));
        assertEquals("tls-id malformed", invalid(offer(fp + "a=tls-id:short\n"), Role.OFFER));
        assertEquals("tls-id malformed", invalid(offer(fp + "a=tls-id:" + "a".repeat(19) + "!\n"), Role.OFFER));
        assertEquals("tls-id repeated",
            invalid(offer(fp + "a=tls-id:" + "a".repeat(20) + "\na=tls-id:" + "b".repeat(20) + "\n"), Role.OFFER));
        // no a=setup: RFC 4145 default active, fine in an answer
        assertInstanceOf(DtlsValidator.Result.Valid.class, V.inspect(sdp(offer(fp)), Role.ANSWER));
    }

    @Test
    void plainRtpIsNoDtls() {
        assertInstanceOf(DtlsValidator.Result.NoDtls.class, V.inspect(sdp(offer("").replace("UDP/TLS/RTP/SAVPF",
            "RTP/AVP")), Role.OFFER));
    }

    @Test
    void mkyIsSortedDeduplicatedAndComparedIgnoringCaseAndColons() throws IOException {
        String fp256 = "a=fingerprint:sha-256 " + opensslSha256() + "\n";
        String fp384 = "a=fingerprint:sha-384 " + "0A:".repeat(47) + "0B\n";
        String text = offer(fp384 + fp256 + "a=setup:actpass\n")
            + "m=video 50002 UDP/TLS/RTP/SAVPF 96\r\na=fingerprint:sha-256 " + opensslSha256() + "\r\n";
        List<Fingerprint> fps = assertInstanceOf(DtlsValidator.Result.Valid.class, V.inspect(sdp(text), Role.OFFER))
            .fingerprints();
        List<Mky.Entry> mky = Mky.of(fps);
        assertEquals(List.of(new Mky.Entry("sha-256", opensslSha256()),
            new Mky.Entry("sha-384", "0A:".repeat(47) + "0B")), mky);

        List<Mky.Entry> sloppy = List.of(new Mky.Entry("SHA-384", "0a".repeat(47) + "0b"),
            new Mky.Entry("sha-256", opensslSha256().toLowerCase()));
        assertEquals(new Mky.Check.Match(), Mky.check(java.util.Optional.of(sloppy), fps));

        List<Mky.Entry> altered = List.of(mky.get(0), new Mky.Entry("sha-384", "0A:".repeat(47) + "0C"));
        Mky.Check.Mismatch m = assertInstanceOf(Mky.Check.Mismatch.class, Mky.check(java.util.Optional.of(altered), fps));
        assertEquals(List.of(altered.get(1)), m.onlyInPassport());
        assertEquals(List.of(mky.get(1)), m.onlyInSdp());

        assertEquals(new Mky.Check.Absent(), Mky.check(java.util.Optional.empty(), fps));
        assertEquals(new Mky.Check.NotApplicable(), Mky.check(java.util.Optional.empty(), List.of()));
        assertInstanceOf(Mky.Check.Mismatch.class, Mky.check(java.util.Optional.of(mky), List.of()));
    }
}
