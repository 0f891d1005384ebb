package io.vouch.identity;

import io.vouch.identity.internal.passport.Attestation;
import io.vouch.identity.internal.passport.Passport;
import io.vouch.identity.internal.passport.PassportToken;
import io.vouch.identity.internal.sign.PassportSigner;
import io.vouch.identity.internal.verify.Verification;
import io.vouch.identity.internal.verify.VerifierFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vouch.identity.internal.crypto.EcdsaSignatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with independent implementations: {@code secsipidx} (Debian package {@code secsipidx}, libsecsipid)
 * and the {@code openssl} CLI. Each test is skipped when its binary is not installed.
 */
class StirInteropIT {
    private static VerifierFixture f;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        f = new VerifierFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @BeforeEach
    void fresh() {
        f.fresh();
    }

    private record Run(int status, String out) {
    }

    private static Run run(Path cwd, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, out);
        }
        return new Run(p.exitValue(), out.strip());
    }

    private static boolean installed(String binary) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, binary))) {
                return true;
            }
        }
        return false;
    }

    private Path publicKey() throws IOException {
        return Files.writeString(dir.resolve("pub.pem"), TestPki.pem(f.leaf.cert().getPublicKey()));
    }

    @Test
    void secsipidxVerifiesAVouchSignedHeader() throws Exception {
        assumeTrue(installed("secsipidx"), "secsipidx not installed (apt-get install secsipidx)");
        Path id = Files.writeString(dir.resolve("identity.txt"), f.validHeader());
        Run ok = run(dir, "secsipidx", "-check", "-p", publicKey().toString(), "-fidentity", id.toString(),
                "-expire", "300");
        assertEquals(0, ok.status(), ok.out());
        assertEquals("ok", ok.out());
        Path other = Files.writeString(dir.resolve("other.pem"), TestPki.pem(TestPki.ecKey().getPublic()));
        Run wrongKey = run(dir, "secsipidx", "-check", "-p", other.toString(), "-fidentity", id.toString(),
                "-expire", "300");
        assertNotEquals(0, wrongKey.status(), "secsipidx must reject the header under another key");
    }

    @Test
    void vouchVerifiesAHeaderSignedBySecsipidx() throws Exception {
        assumeTrue(installed("secsipidx"), "secsipidx not installed (apt-get install secsipidx)");
        Path key = TestPki.writePkcs8(dir.resolve("key.pem"), f.leaf.key().getPrivate());
        Run signed = run(dir, "secsipidx", "-sign-full", "-k", key.toString(), "-o", VerifierFixture.ORIG,
                "-d", VerifierFixture.DEST, "-x5u", f.x5u, "-a", "A", "-orig-id",
                "123e4567-e89b-12d3-a456-426655440000");
        assertEquals(0, signed.status(), signed.out());
        Verification v = f.verify(VerifierFixture.request("secsipidx-1", signed.out()));
        Verification.Passed p = assertInstanceOf(Verification.Passed.class, v, v::toString);
        assertEquals(Attestation.A, p.attest().orElseThrow());
    }

    @Test
    void opensslVerifiesAVouchSignature() throws Exception {
        assumeTrue(installed("openssl"), "openssl not installed");
        String token = f.validHeader().split(";")[0];
        String[] parts = token.split("\\.");
        Path input = Files.writeString(dir.resolve("input.txt"), parts[0] + "." + parts[1]);
        byte[] der = EcdsaSignatures.joseToDer(Base64.getUrlDecoder().decode(parts[2])).orElseThrow();
        Path sig = Files.write(dir.resolve("sig.der"), der);
        Run ok = run(dir, "openssl", "dgst", "-sha256", "-verify", publicKey().toString(), "-signature",
                sig.toString(), input.toString());
        assertEquals(0, ok.status(), ok.out());
        assertEquals("Verified OK", ok.out());
        Files.writeString(input, parts[0] + "." + parts[1] + "x");
        assertNotEquals(0, run(dir, "openssl", "dgst", "-sha256", "-verify", publicKey().toString(), "-signature",
                sig.toString(), input.toString()).status());
    }

    @Test
    void vouchVerifiesAnOpensslSignature() throws Exception {
        assumeTrue(installed("openssl"), "openssl not installed");
        Passport passport = f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST, f.clock.instant().getEpochSecond(),
                f.x5u);
        PassportToken unsigned = PassportToken.unsigned(passport);
        Path input = Files.write(dir.resolve("input.txt"), unsigned.signingInput());
        Path key = TestPki.writePkcs8(dir.resolve("key.pem"), f.leaf.key().getPrivate());
        Path sig = dir.resolve("sig.der");
        Run signed = run(dir, "openssl", "dgst", "-sha256", "-sign", key.toString(), "-out", sig.toString(),
                input.toString());
        assertEquals(0, signed.status(), signed.out());
        byte[] jose = EcdsaSignatures.derToJose(Files.readAllBytes(sig), 32).orElseThrow();
        String header = PassportSigner.header(unsigned.withSignature(jose), PassportSigner.Form.FULL).format();
        assertInstanceOf(Verification.Passed.class, f.verify(VerifierFixture.request("openssl-1", header)));
    }
}
