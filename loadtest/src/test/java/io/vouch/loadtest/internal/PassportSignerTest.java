package io.vouch.loadtest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERIA5String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassportSignerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static byte[] b64(String s) {
        return Base64.getUrlDecoder().decode(s);
    }

    @Test
    void identityHeaderIsACanonicalShakenPassportThatVerifiesWithTheCertificateKey() throws Exception {
        TestStiPki pki = new TestStiPki(TestStiPki.newCa(CLOCK), CLOCK, "LOADTEST", 12025550100L, 100);
        PassportSigner signer = new PassportSigner(pki.signingKey(), "https://127.0.0.1:8443/sti/loadtest.pem", "A",
                CLOCK);

        String header = signer.identityHeader("12025550100", "12025560100");
        String[] parts = header.split(";", 2);
        assertEquals("info=<https://127.0.0.1:8443/sti/loadtest.pem>;alg=ES256;ppt=shaken", parts[1]);
        String[] jws = parts[0].split("\\.");
        assertEquals(3, jws.length);
        assertEquals("{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"typ\":\"passport\","
                + "\"x5u\":\"https://127.0.0.1:8443/sti/loadtest.pem\"}", new String(b64(jws[0]), StandardCharsets.UTF_8));
        String claims = new String(b64(jws[1]), StandardCharsets.UTF_8);
        assertTrue(claims.matches("\\{\"attest\":\"A\",\"dest\":\\{\"tn\":\\[\"12025560100\"]},\"iat\":1795435200,"
                + "\"orig\":\\{\"tn\":\"12025550100\"},\"origid\":\"[0-9a-f-]{36}\"}"), claims);
        assertEquals(64, b64(jws[2]).length, "JWS ES256 signature is R||S");

        Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
        verify.initVerify(pki.signingCertificate().getPublicKey());
        verify.update((jws[0] + "." + jws[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verify.verify(b64(jws[2])));
        assertNotEquals(parts[0], signer.identityHeader("12025550100", "12025560100").split(";")[0],
                "each PASSporT is unique (origid)");
    }

    @Test
    void signingCertificateChainsToTheCaAndCarriesTheTnAuthList() throws Exception {
        TestStiPki pki = new TestStiPki(TestStiPki.newCa(CLOCK), CLOCK, "LOADTEST", 12025550100L, 100);
        X509Certificate leaf = pki.signingCertificate();
        leaf.verify(pki.caCertificate().getPublicKey());
        leaf.checkValidity(java.util.Date.from(CLOCK.instant()));

        byte[] ext = leaf.getExtensionValue(TestStiPki.TN_AUTH_LIST.getId());
        ASN1Sequence list = ASN1Sequence.getInstance(ASN1OctetString.getInstance(ext).getOctets());
        ASN1TaggedObject spc = ASN1TaggedObject.getInstance(list.getObjectAt(0));
        assertEquals(0, spc.getTagNo());
        assertEquals("LOADTEST", DERIA5String.getInstance(spc.getExplicitBaseObject()).getString());
        ASN1TaggedObject range = ASN1TaggedObject.getInstance(list.getObjectAt(1));
        assertEquals(1, range.getTagNo());
        ASN1Sequence startCount = ASN1Sequence.getInstance(range.getExplicitBaseObject());
        assertEquals("12025550100", DERIA5String.getInstance(startCount.getObjectAt(0)).getString());
        assertEquals(100, org.bouncycastle.asn1.ASN1Integer.getInstance(startCount.getObjectAt(1)).intValueExact());
        ASN1Primitive single = TestStiPki.tnAuthList("X", 12025550100L, 1);
        assertEquals(2, ASN1TaggedObject.getInstance(ASN1Sequence.getInstance(single).getObjectAt(1)).getTagNo());
    }

    @Test
    void caIsKeptAcrossRunsInThePkiDirectory() throws Exception {
        TestStiPki.Ca first = TestStiPki.loadOrCreateCa(dir.resolve("pki"), CLOCK);
        TestStiPki.Ca second = TestStiPki.loadOrCreateCa(dir.resolve("pki"), CLOCK);

        assertArrayEquals(first.certificate().getEncoded(), second.certificate().getEncoded());
        assertArrayEquals(first.keys().getPrivate().getEncoded(), second.keys().getPrivate().getEncoded());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("pki/ca.key"))));
    }

    @Test
    void certificateServerServesTheChainOverHttpsTrustedThroughTheTestCa() throws Exception {
        TestStiPki pki = new TestStiPki(TestStiPki.newCa(Clock.systemUTC()), Clock.systemUTC(), "LOADTEST",
                12025550100L, 10);
        Vertx vertx = Vertx.vertx();
        try {
            CertServer server = CertServer.start(vertx, pki, "127.0.0.1", 0).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", pki.caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();

            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(server.url())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertEquals(200, response.statusCode());
            assertEquals("application/pem-certificate-chain", response.headers().firstValue("content-type").orElse(""));
            // ATIS-1000074 verifiers keep a certificate 24 h; repository linters flag a shorter lifetime
            assertEquals("public, max-age=86400", response.headers().firstValue("cache-control").orElse(""));
            List<? extends java.security.cert.Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(response.body())));
            assertEquals(List.of(pki.signingCertificate(), pki.caCertificate()), chain);
            assertEquals(404, client.send(HttpRequest.newBuilder(URI.create(server.url() + "x")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void jsonStringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\u0001\"", PassportSigner.jsonString("a\"b\\c\u0001"));
        assertEquals(new JsonObject().put("k", "a\"b\\c\u0001").encode(), "{\"k\":" + PassportSigner.jsonString("a\"b\\c\u0001") + "}");
    }
}
