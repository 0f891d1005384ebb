package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vouch.cert.CertConfig;
import io.vouch.proto.Flow;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the untrusted-input parsers of cert-service (RFC 6072, RFC 3903, RFC 6665): user
 * certificates (DER / PEM), password-encrypted PKCS#8 keys, {@code multipart/mixed} credential bodies, and the
 * Event / SIP-If-Match / Expires headers of SUBSCRIBE and PUBLISH as the stage reads them. Every input gives a
 * {@link Check} or a processor result; nothing throws. Regression mode (committed inputs only) by default;
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
@Tag("fuzz")
class CertParsersFuzzTest {
    private static final Instant NOW = Instant.parse("2027-06-01T12:00:00Z");
    private static final String AOR = "alice@example.com";
    private static final CertConfig CONFIG = CertConfig.defaults();
    private static final UserCertificateValidator CERTS = new UserCertificateValidator(2048, 256);
    private static final EncryptedKeyValidator KEYS = new EncryptedKeyValidator(2048, 16384);
    private static final PublicationBodies BODIES = new PublicationBodies(CERTS, KEYS);
    private static final PublishProcessor PUBLISHER = new PublishProcessor(CONFIG, BODIES);
    private static final SubscribeProcessor SUBSCRIBER = new SubscribeProcessor(CONFIG);
    private static final Publication STORED = new Publication("certificate", "etag-1", "application/pkix-cert",
            new byte[] {1}, NOW.plusSeconds(600).toEpochMilli(), "tx-0");

    @FuzzTest(maxDuration = "120s")
    void certificatesGiveAVerdict(byte[] body) {
        switch (CERTS.validate(body, AOR, NOW)) {
            case Check.Ok<UserCertificateValidator.Accepted> ok -> {
                assertTrue(ok.value().der().length > 0);
                assertTrue(UserCertificateValidator.sanUris(ok.value().certificate()).size() > 0);
            }
            case Check.Refused<UserCertificateValidator.Accepted> r -> refusal(r.rejection());
        }
    }

    @FuzzTest(maxDuration = "120s")
    void encryptedKeysGiveAVerdict(byte[] body) {
        switch (KEYS.validate(body)) {
            case Check.Ok<byte[]> ok -> assertTrue(ok.value().length > 0 && ok.value().length <= 16384);
            case Check.Refused<byte[]> r -> refusal(r.rejection());
        }
    }

    /** Input: one byte choosing the package ({@code C}: credential), the Content-Type line, LF, the body. */
    @FuzzTest(maxDuration = "120s")
    void publicationBodiesGiveAVerdict(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String pkg = input[0] == 'C' ? EventPackages.CREDENTIAL : EventPackages.CERTIFICATE;
        int lf = 1;
        while (lf < input.length && input[lf] != '\n') {
            lf++;
        }
        String contentType = new String(input, 1, lf - 1, StandardCharsets.UTF_8);
        byte[] body = lf < input.length ? Arrays.copyOfRange(input, lf + 1, input.length) : new byte[0];
        Multipart.boundary(contentType).ifPresent(b -> assertNotNull(Multipart.parse(b, body)));
        switch (BODIES.validate(pkg, contentType, body, AOR, NOW)) {
            case Check.Ok<PublicationBodies.Body> ok -> {
                assertTrue(ok.value().bytes().length > 0);
                assertTrue(ok.value().contentType().startsWith(pkg.equals(EventPackages.CERTIFICATE)
                        ? PublicationBodies.PKIX_CERT : PublicationBodies.MULTIPART_MIXED));
            }
            case Check.Refused<PublicationBodies.Body> r -> refusal(r.rejection());
        }
    }

    /** Whole SUBSCRIBE / PUBLISH messages through the SIP decoder, the Event parser and both processors. */
    @FuzzTest(maxDuration = "120s")
    void requestHeadersGiveAResult(byte[] wire) {
        if (!(new SipMessageDecoder().decode(wire) instanceof DecodeResult.Parsed p)
                || !(p.message() instanceof SipRequest req)) {
            return;
        }
        Optional<EventHeader> ev = req.headers().first("Event").flatMap(EventHeader::parse);
        if (ev.isEmpty()) {
            return;
        }
        ev.get().params().forEach((k, v) -> assertTrue(EventHeader.isToken(k)));
        assertTrue(EventHeader.isToken(ev.get().eventPackage()));
        assertNotNull(ev.get().etag());
        if (req.method().equals("PUBLISH")) {
            var in = new PublishProcessor.Input(AOR, ev.get().eventPackage(), req.headers().first("SIP-If-Match")
                    .map(String::trim), req.expires(), req.contentType().orElse(""), req.body(), "tx-1");
            switch (PUBLISHER.process(in, Optional.of(STORED), NOW)) {
                case PublishProcessor.Accepted a -> assertTrue(a.expiresSeconds() >= 0);
                case PublishProcessor.Refused r -> refusal(r.rejection());
            }
        } else if (req.method().equals("SUBSCRIBE") && req.from().tag().isPresent()) {
            var in = new SubscribeProcessor.Input(AOR, ev.get(), req.callId(), req.from().tag().get(),
                    req.to().tag(), req.expires(), req.from().uri().toString(), req.contacts().isEmpty()
                    ? Optional.empty() : Optional.of(req.contacts().getFirst().uri().toString()),
                    Flow.getDefaultInstance(), req.cseq().sequence(), "tx-1");
            switch (SUBSCRIBER.process(in, List.of(), NOW)) {
                case SubscribeProcessor.Accepted a -> assertTrue(a.expiresSeconds() >= 0);
                case SubscribeProcessor.Refused r -> refusal(r.rejection());
            }
        }
    }

    private static void refusal(Rejection r) {
        assertTrue(r.status() >= 400 && r.status() <= 699, "status " + r.status());
        assertTrue(!r.reason().isBlank() && r.reason().chars().noneMatch(c -> c == '\r' || c == '\n'),
                "reason " + r.reason());
        assertEquals(r.reason(), r.reason().strip());
    }
}
