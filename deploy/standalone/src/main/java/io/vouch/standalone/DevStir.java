package io.vouch.standalone;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vouch.identity.TnAuthList;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A development STIR/SHAKEN PKI for the embedded mode, made once in {@code <data dir>/stir}: an STI-CA root and an
 * ES256 signing certificate whose RFC 8226 TNAuthList covers every 11-digit NANP number, served over HTTPS so that
 * the identity service verifies what it signs. Operators replace all of it with {@code identity.sign.keys},
 * {@code identity.verify.trust.anchors.file} and their STI-CA's certificate repository.
 */
final class DevStir {
    static final String CERT_PATH = "/stir/dev-signing.pem";

    private final Path dir;

    private DevStir(Path dir) {
        this.dir = dir;
    }

    /** Creates the PKI files unless they exist. */
    static DevStir ensure(Path dataDir) throws IOException {
        DevStir d = new DevStir(dataDir.resolve("stir"));
        if (!Files.isRegularFile(d.signingChain())) {
            d.create();
        }
        return d;
    }

    Path signingKey() {
        return dir.resolve("dev-signing-key.pem");
    }

    Path signingChain() {
        return dir.resolve("dev-signing.pem");
    }

    Path root() {
        return dir.resolve("dev-sti-ca.pem");
    }

    /**
     * Adds the identity keys that make signing (unless the operator set {@code identity.sign.keys}) and verification
     * (unless the operator set {@code identity.verify.trust.anchors.file}) work against this PKI.
     */
    void applyTo(JsonObject config, int httpsPort, Path tlsCert) {
        if (!config.containsKey("identity.sign.keys")) {
            config.put("identity.sign.keys", new JsonArray().add(new JsonObject()
                    .put("id", "dev")
                    .put("key.file", signingKey().toString())
                    .put("cert.file", signingChain().toString())
                    .put("x5u", "https://127.0.0.1:" + httpsPort + CERT_PATH)));
        }
        if (!config.containsKey("identity.verify.trust.anchors.file")) {
            config.put("identity.verify.trust.anchors.file", root().toString());
            config.put("identity.fetch.allow.loopback", true);
            config.put("identity.fetch.tls.trust.file", tlsCert.toString());
        }
    }

    /** Serves the signing certificate chain at {@link #CERT_PATH} over HTTPS with the edge's TLS identity. */
    Future<HttpServer> serve(Vertx vertx, String host, int port, Path tlsCert, Path tlsKey) {
        return vertx.fileSystem().readFile(signingChain().toString()).compose(pem -> vertx
                .createHttpServer(new HttpServerOptions().setSsl(true)
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tlsCert.toString())
                                .setKeyPath(tlsKey.toString())))
                .requestHandler(req -> {
                    if (req.path().equals(CERT_PATH)) {
                        req.response().putHeader("Content-Type", "application/pem-certificate-chain")
                                .putHeader("Cache-Control", "public, max-age=86400").end(pem);
                    } else {
                        req.response().setStatusCode(404).end();
                    }
                })
                .listen(port, host));
    }

    private void create() throws IOException {
        Files.createDirectories(dir);
        try {
            KeyPair rootKey = ecKey();
            X500Name rootName = new X500Name("CN=Vouch Development STI-CA");
            Instant now = Instant.now();
            X509Certificate root = cert(rootName, rootKey, rootName, rootKey, true, now, null);
            KeyPair leafKey = ecKey();
            TnAuthList tnAuth = new TnAuthList(List.of("VOUCHDEV"), List.of(),
                    List.of(new TnAuthList.Range("10000000000", 9_999_999_999L)));
            X509Certificate leaf = cert(new X500Name("CN=Vouch Development Signing"), leafKey, rootName, rootKey, false,
                    now, tnAuth);
            Files.writeString(root(), pem(root), StandardCharsets.US_ASCII);
            Files.writeString(signingKey(), pem(new JcaPKCS8Generator(leafKey.getPrivate(), null).generate()),
                    StandardCharsets.US_ASCII);
            Files.writeString(signingChain(), pem(leaf) + pem(root), StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IOException("cannot create the development STIR PKI", e);
        }
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return g.generateKeyPair();
    }

    private static X509Certificate cert(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
            boolean ca, Instant now, TnAuthList tnAuth) throws Exception {
        var b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true,
                new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        if (tnAuth != null) {
            b.addExtension(new ASN1ObjectIdentifier(TnAuthList.OID), false, tnAuth.toDer());
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }
}
