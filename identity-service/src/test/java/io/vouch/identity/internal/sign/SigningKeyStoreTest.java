package io.vouch.identity.internal.sign;

import io.vouch.identity.TestPki;
import io.vouch.identity.TnAuthList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyStoreTest {
    @TempDir
    Path dir;

    private final TestPki pki = new TestPki(Instant.now());

    private SigningKeySpec spec(String id, Path key, Optional<Path> cert, Optional<String> pw) {
        return new SigningKeySpec(id, key, pw, cert, "https://cert.example/" + id + ".pem", Set.of(), List.of());
    }

    @Test
    void loadsPkcs8Sec1EncryptedPemAndPkcs12Keys() throws Exception {
        KeyPair k1 = TestPki.ecKey();
        Path pkcs8 = TestPki.writePkcs8(dir.resolve("a.pem"), k1.getPrivate());
        KeyPair k2 = TestPki.ecKey();
        Path sec1 = dir.resolve("b.pem");
        // SEC1 as OpenSSL writes it: named curve in [0], public key omitted
        var sec1Der = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                ((java.security.interfaces.ECPrivateKey) k2.getPrivate()).getS(),
                new org.bouncycastle.asn1.x9.X962Parameters(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1));
        Files.writeString(sec1, TestPki.pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY",
                sec1Der.getEncoded())));
        KeyPair k3 = TestPki.ecKey();
        Path enc = dir.resolve("c.pem");
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .setPassword("secret".toCharArray()).build();
        Files.writeString(enc, TestPki.pem(new JcaPKCS8Generator(k3.getPrivate(), encryptor)));
        TestPki.Leaf leaf = pki.leaf("p12", new TnAuthList(List.of("1"), List.of(), List.of()));
        Path p12 = dir.resolve("d.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", leaf.key().getPrivate(), "pw".toCharArray(),
                new java.security.cert.Certificate[] {leaf.cert(), pki.intermediate});
        try (FileOutputStream out = new FileOutputStream(p12.toFile())) {
            ks.store(out, "pw".toCharArray());
        }
        SigningKeyStore store = SigningKeyStore.load(List.of(
                spec("a", pkcs8, Optional.empty(), Optional.empty()),
                spec("b", sec1, Optional.empty(), Optional.empty()),
                spec("c", enc, Optional.empty(), Optional.of("secret")),
                spec("d", p12, Optional.empty(), Optional.of("pw"))));
        assertEquals(k1.getPrivate(), store.byId("a").orElseThrow().privateKey());
        assertEquals(encoded(k2.getPrivate()), encoded(store.byId("b").orElseThrow().privateKey()));
        assertEquals(encoded(k3.getPrivate()), encoded(store.byId("c").orElseThrow().privateKey()));
        assertEquals(leaf.cert(), store.byId("d").orElseThrow().certificate().orElseThrow());
    }

    @Test
    void refusesAKeyThatDoesNotMatchItsCertificate() throws Exception {
        TestPki.Leaf leaf = pki.leaf("x", new TnAuthList(List.of("1"), List.of(), List.of()));
        Path key = TestPki.writePkcs8(dir.resolve("k.pem"), TestPki.ecKey().getPrivate());
        Path cert = dir.resolve("c.pem");
        Files.writeString(cert, TestPki.pem(leaf.cert()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKeyStore.load(List.of(spec("k", key, Optional.of(cert), Optional.empty()))));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void rotatesAKeyWhenItsFilesChangeAndKeepsTheOldOneWhileTheNewOneIsBroken() throws Exception {
        TestPki.Leaf first = pki.leaf("first", new TnAuthList(List.of("1"), List.of(), List.of()));
        Path key = TestPki.writePkcs8(dir.resolve("k.pem"), first.key().getPrivate());
        Path cert = dir.resolve("c.pem");
        Files.writeString(cert, TestPki.pem(first.cert()));
        SigningKeyStore store = SigningKeyStore.load(List.of(spec("k", key, Optional.of(cert), Optional.empty())));
        assertEquals(first.key().getPrivate(), store.byId("k").orElseThrow().privateKey());
        assertTrue(store.refresh().loaded().isEmpty(), "unchanged files are not reloaded");

        TestPki.Leaf second = pki.leaf("second", new TnAuthList(List.of("1"), List.of(), List.of()));
        TestPki.writePkcs8(key, second.key().getPrivate()); // key replaced, certificate not yet
        SigningKeyStore.Refresh half = store.refresh();
        assertTrue(half.failed().containsKey("k"));
        assertEquals(first.key().getPrivate(), store.byId("k").orElseThrow().privateKey(), "old key keeps signing");

        Files.writeString(cert, TestPki.pem(second.cert()));
        SigningKeyStore.Refresh done = store.refresh();
        assertEquals(List.of("k"), done.loaded());
        assertEquals(second.key().getPrivate(), store.byId("k").orElseThrow().privateKey());

        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n");
        assertFalse(store.refresh().failed().isEmpty());
        assertEquals(second.key().getPrivate(), store.byId("k").orElseThrow().privateKey());
    }

    @Test
    void selectsByCustomerThenLongestRangeThenDefault() throws Exception {
        Path a = TestPki.writePkcs8(dir.resolve("a.pem"), TestPki.ecKey().getPrivate());
        Path b = TestPki.writePkcs8(dir.resolve("b.pem"), TestPki.ecKey().getPrivate());
        Path c = TestPki.writePkcs8(dir.resolve("c.pem"), TestPki.ecKey().getPrivate());
        Path d = TestPki.writePkcs8(dir.resolve("d.pem"), TestPki.ecKey().getPrivate());
        SigningKeyStore store = SigningKeyStore.load(List.of(
                SigningKeySpec.ofDefault("default", a, "https://c.example/default.pem"),
                new SigningKeySpec("nyc", b, Optional.empty(), Optional.empty(), "https://c.example/nyc.pem",
                        Set.of(), List.of("1212")),
                new SigningKeySpec("block", c, Optional.empty(), Optional.empty(), "https://c.example/block.pem",
                        Set.of(), List.of("12125550000-12125559999")),
                new SigningKeySpec("acme", d, Optional.empty(), Optional.empty(), "https://c.example/acme.pem",
                        Set.of("acme"), List.of())));
        assertEquals("acme", store.select("12125551234", Optional.of("acme")).orElseThrow().id());
        assertEquals("block", store.select("12125551234", Optional.of("other")).orElseThrow().id());
        assertEquals("nyc", store.select("12124441234", Optional.empty()).orElseThrow().id());
        assertEquals("default", store.select("13035550000", Optional.empty()).orElseThrow().id());
        assertNotEquals(store.byId("nyc").orElseThrow().privateKey(), store.byId("block").orElseThrow().privateKey());
    }

    @Test
    void rejectsMalformedRanges() {
        assertThrows(IllegalArgumentException.class, () -> new SigningKeySpec("x", dir, Optional.empty(),
                Optional.empty(), "https://a", Set.of(), List.of("12-345")));
        assertThrows(IllegalArgumentException.class, () -> new SigningKeySpec("x", dir, Optional.empty(),
                Optional.empty(), "https://a", Set.of(), List.of("12a")));
    }

    private static String encoded(PrivateKey k) {
        return java.util.HexFormat.of().formatHex(((java.security.interfaces.ECPrivateKey) k).getS().toByteArray());
    }
}
