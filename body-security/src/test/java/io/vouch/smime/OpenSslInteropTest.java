package io.vouch.smime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Both directions against the {@code openssl cms} command; skipped where OpenSSL is not installed. */
class OpenSslInteropTest {
    private static final byte[] CONTENT = "Content-Type: text/plain\r\n\r\nMeet me at noon.\r\n"
        .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;

    @BeforeAll
    static void keys() throws Exception {
        assumeTrue(openSslAvailable(), "openssl not installed");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", p("rsa.key"), "-out", p("rsa.pem"),
            "-subj", "/CN=alice", "-addext", "subjectAltName=URI:sip:alice@example.com", "-days", "2");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
            p("ec.key"), "-out", p("ec.pem"), "-subj", "/CN=bob", "-addext", "subjectAltName=URI:sip:bob@example.com",
            "-days", "2");
        Files.write(dir.resolve("msg.txt"), CONTENT);
        Files.writeString(dir.resolve("lf.txt"), "Content-Type: text/plain\n\nline one\nline two\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ec"})
    void openSslSignedVerifiesInVouch(String alg) throws Exception {
        openssl("cms", "-sign", "-in", p("msg.txt"), "-signer", p(alg + ".pem"), "-inkey", p(alg + ".key"),
            "-outform", "SMIME", "-out", p(alg + "-signed.eml"));
        Result r = vouch("verify", "--cert", p(alg + ".pem"), "--in", p(alg + "-signed.eml"), "--out",
            p(alg + "-content.txt"));
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve(alg + "-content.txt")));
    }

    @Test
    void openSslSignedWithBareLineEndsVerifiesThroughCanonicalisation() throws Exception {
        openssl("cms", "-sign", "-in", p("lf.txt"), "-signer", p("ec.pem"), "-inkey", p("ec.key"), "-out",
            p("lf-signed.eml"));
        // OpenSSL writes the signed part with CRLF; a text-mode copy turns every line end into LF
        Path file = dir.resolve("lf-signed.eml");
        Files.writeString(file, Files.readString(file).replace("\r\n", "\n"));
        assertTrue(!Files.readString(file).contains("\r"));
        var verifier = new SmimeVerifier(SignerTrust.pinned(Pem.certificates(Files.readString(dir.resolve("ec.pem")))),
            SmimeLimits.defaults(), Clock.systemUTC());
        MimeEntity msg = MimeEntity.parse(Files.readAllBytes(dir.resolve("lf-signed.eml"))).orElseThrow();
        var v = assertInstanceOf(VerifyResult.Verified.class, verifier.verify(msg));
        assertEquals("text/plain", v.content().contentType());
    }

    @Test
    void openSslOpaqueSignedAndSignerlessSignaturesVerifyAgainstThePinnedCertificate() throws Exception {
        openssl("cms", "-sign", "-nodetach", "-in", p("msg.txt"), "-signer", p("rsa.pem"), "-inkey", p("rsa.key"),
            "-outform", "SMIME", "-out", p("opaque.eml"));
        assertEquals(0, vouch("verify", "--cert", p("rsa.pem"), "--in", p("opaque.eml")).status());
        openssl("cms", "-sign", "-nocerts", "-in", p("msg.txt"), "-signer", p("ec.pem"), "-inkey", p("ec.key"),
            "-outform", "SMIME", "-out", p("nocerts.eml"));
        assertEquals(0, vouch("verify", "--cert", p("ec.pem"), "--in", p("nocerts.eml")).status());
    }

    @Test
    void tamperedOpenSslSignedMessageFailsWithAReason() throws Exception {
        openssl("cms", "-sign", "-in", p("msg.txt"), "-signer", p("ec.pem"), "-inkey", p("ec.key"), "-out",
            p("t.eml"));
        Files.writeString(dir.resolve("t.eml"), Files.readString(dir.resolve("t.eml")).replace("noon", "nine"));
        Result r = vouch("verify", "--cert", p("ec.pem"), "--in", p("t.eml"));
        assertEquals(1, r.status());
        assertTrue(r.err().contains("signature mismatch"), r.err());
        openssl("cms", "-sign", "-in", p("msg.txt"), "-signer", p("ec.pem"), "-inkey", p("ec.key"), "-out",
            p("t2.eml"));
        Result wrongSigner = vouch("verify", "--cert", p("rsa.pem"), "--in", p("t2.eml"));
        assertEquals(1, wrongSigner.status());
        assertTrue(wrongSigner.err().contains("signer not trusted"), wrongSigner.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ec"})
    void vouchSignedVerifiesInOpenSsl(String alg) throws Exception {
        Result r = vouch("sign", "--key", p(alg + ".key"), "--cert", p(alg + ".pem"), "--in", p("msg.txt"), "--out",
            p(alg + "-vouch.eml"));
        assertEquals(0, r.status(), r.err());
        openssl("cms", "-verify", "-inform", "SMIME", "-in", p(alg + "-vouch.eml"), "-CAfile", p(alg + ".pem"),
            "-out", p(alg + "-vouch.out"));
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve(alg + "-vouch.out")));
        // and a changed byte makes OpenSSL refuse it too
        Files.writeString(dir.resolve(alg + "-bad.eml"),
            Files.readString(dir.resolve(alg + "-vouch.eml")).replace("noon", "nine"));
        assertTrue(opensslStatus("cms", "-verify", "-inform", "SMIME", "-in", p(alg + "-bad.eml"), "-CAfile",
            p(alg + ".pem"), "-out", p(alg + "-bad.out")) != 0);
    }

    @ParameterizedTest
    @CsvSource({"rsa,aes-128-cbc", "rsa,aes-256-gcm", "ec,aes-128-cbc", "ec,aes-256-gcm", "rsa,aes-128-gcm"})
    void openSslEncryptedDecryptsInVouch(String alg, String cipher) throws Exception {
        String enc = alg + "-" + cipher + ".eml";
        openssl("cms", "-encrypt", "-" + cipher, "-in", p("msg.txt"), "-out", p(enc), p(alg + ".pem"));
        Result r = vouch("decrypt", "--key", p(alg + ".key"), "--cert", p(alg + ".pem"), "--in", p(enc), "--out",
            p(enc + ".out"));
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve(enc + ".out")));
    }

    @ParameterizedTest
    @CsvSource({"rsa,aes-128-cbc", "rsa,aes-256-gcm", "ec,aes-256-cbc", "ec,aes-128-gcm"})
    void vouchEncryptedDecryptsInOpenSsl(String alg, String cipher) throws Exception {
        String enc = "v-" + alg + "-" + cipher + ".eml";
        Result r = vouch("encrypt", "--cert", p(alg + ".pem"), "--cipher", cipher, "--in", p("msg.txt"), "--out",
            p(enc));
        assertEquals(0, r.status(), r.err());
        openssl("cms", "-decrypt", "-inform", "SMIME", "-in", p(enc), "-recip", p(alg + ".pem"), "-inkey",
            p(alg + ".key"), "-out", p(enc + ".out"));
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve(enc + ".out")));
    }

    @Test
    void vouchSignedThenEncryptedOpensInOpenSsl() throws Exception {
        assertEquals(0, vouch("sign", "--key", p("ec.key"), "--cert", p("ec.pem"), "--in", p("msg.txt"), "--out",
            p("se-signed.eml")).status());
        assertEquals(0, vouch("encrypt", "--cert", p("rsa.pem"), "--in", p("se-signed.eml"), "--out",
            p("se.eml")).status());
        openssl("cms", "-decrypt", "-inform", "SMIME", "-in", p("se.eml"), "-recip", p("rsa.pem"), "-inkey",
            p("rsa.key"), "-out", p("se-inner.eml"));
        openssl("cms", "-verify", "-inform", "SMIME", "-in", p("se-inner.eml"), "-CAfile", p("ec.pem"), "-out",
            p("se.out"));
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("se.out")));
    }

    @Test
    void commandErrorsExitNonZeroWithAMessage() throws Exception {
        Result missing = vouch("sign", "--cert", p("ec.pem"), "--in", p("msg.txt"), "--out", p("x.eml"));
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("needs --key"), missing.err());
        Result plain = vouch("verify", "--cert", p("ec.pem"), "--in", p("msg.txt"));
        assertEquals(1, plain.status());
        assertTrue(plain.err().contains("not a signed"), plain.err());
        openssl("cms", "-encrypt", "-aes-256-gcm", "-in", p("msg.txt"), "-out", p("for-rsa.eml"), p("rsa.pem"));
        Result notForMe = vouch("decrypt", "--key", p("ec.key"), "--cert", p("ec.pem"), "--in", p("for-rsa.eml"),
            "--out", p("y"));
        assertEquals(1, notForMe.status());
        assertTrue(notForMe.err().contains("not encrypted to this certificate"), notForMe.err());
    }

    record Result(int status, String out, String err) {
    }

    private static Result vouch(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new SmimeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC()).execute(args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String p(String name) {
        return dir.resolve(name).toString();
    }

    private static boolean openSslAvailable() {
        try {
            return run(List.of("openssl", "version")) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void openssl(String... args) throws IOException {
        int status = opensslStatus(args);
        assertEquals(0, status, "openssl " + String.join(" ", args) + "\n"
            + Files.readString(dir.resolve("openssl.err")));
    }

    private static int opensslStatus(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static int run(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (dir != null) {
            pb.redirectError(dir.resolve("openssl.err").toFile());
        } else {
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process proc = pb.start();
        try {
            if (!proc.waitFor(60, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                return -1;
            }
            return proc.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
