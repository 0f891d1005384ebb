package io.vouch.smime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Operator command on files in the S/MIME text form OpenSSL reads and writes (RFC 8551): {@code smime sign},
 * {@code verify}, {@code encrypt} and {@code decrypt}. Exit status 0 only on success. Run {@code smime --help}.
 */
public final class SmimeCommand {
    static final String USAGE = """
            usage: smime sign    --key K.pem --cert C.pem --in F --out O [--opaque]
                   smime verify  --cert C.pem --in F [--out O]
                   smime encrypt --cert C.pem --in F --out O [--cipher aes-128-gcm|aes-256-gcm|aes-128-cbc|aes-256-cbc]
                   smime decrypt --key K.pem --cert C.pem --in F --out O
            F to sign or encrypt is a MIME entity (header fields, an empty line, content) or, without a Content-Type
            header, plain content sent as --content-type (default text/plain). --cert may hold a chain, signer first;
            verify accepts the certificates in --cert and certificates they directly issued. Keys are unencrypted PEM.
            exit status: 0 done, 1 failed (message on stderr), 2 usage error""";
    private static final Set<String> FLAGS = Set.of("key", "cert", "in", "out", "cipher", "content-type");

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    SmimeCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new SmimeCommand(out, err, Clock.systemUTC()).execute(args);
    }

    int execute(String[] raw) {
        List<String> positional = new ArrayList<>();
        Map<String, String> flags = new HashMap<>();
        boolean opaque = false;
        for (int i = 0; i < raw.length; i++) {
            String a = raw[i];
            if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
                out.println(USAGE);
                return 0;
            } else if (a.equals("--opaque")) {
                opaque = true;
            } else if (a.startsWith("--")) {
                String name = a.substring(2);
                if (!FLAGS.contains(name) || i + 1 >= raw.length) {
                    return usage("unknown option or missing value: " + a);
                }
                flags.put(name, raw[++i]);
            } else {
                positional.add(a);
            }
        }
        if (!positional.isEmpty() && positional.get(0).equals("smime")) {
            positional.remove(0);
        }
        if (positional.size() != 1) {
            return usage(positional.isEmpty() ? "missing sub-command" : "unexpected argument: " + positional.get(1));
        }
        String sub = positional.get(0);
        List<String> required = switch (sub) {
            case "sign", "decrypt" -> List.of("key", "cert", "in", "out");
            case "encrypt" -> List.of("cert", "in", "out");
            case "verify" -> List.of("cert", "in");
            default -> null;
        };
        if (required == null) {
            return usage("unknown sub-command: " + sub);
        }
        for (String r : required) {
            if (!flags.containsKey(r)) {
                return usage(sub + " needs --" + r);
            }
        }
        try {
            return switch (sub) {
                case "sign" -> sign(flags, opaque);
                case "verify" -> verify(flags);
                case "encrypt" -> encrypt(flags);
                default -> decrypt(flags);
            };
        } catch (Failure f) {
            err.println("smime " + sub + ": " + f.getMessage());
            return 1;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("smime " + sub + ": " + e.getMessage());
            return 1;
        }
    }

    private int sign(Map<String, String> flags, boolean opaque) throws IOException {
        SmimeSigner signer = SmimeSigner.create(key(flags), certs(flags));
        MimeEntity content = input(flags);
        MimeEntity signed = opaque ? signer.signOpaque(content).base64() : signer.sign(content);
        write(flags, signed);
        return 0;
    }

    private int verify(Map<String, String> flags) throws IOException {
        MimeEntity message = MimeEntity.parse(Files.readAllBytes(Path.of(flags.get("in"))))
            .orElseThrow(() -> new Failure("input is not a MIME entity (header fields, empty line, content)"));
        var verifier = new SmimeVerifier(SignerTrust.pinnedOrIssuedBy(certs(flags)), limits(), clock);
        return switch (verifier.verify(message)) {
            case VerifyResult.Verified v -> {
                if (flags.containsKey("out")) {
                    Files.write(Path.of(flags.get("out")), bytesOf(v.content()));
                }
                err.println("verification successful: signer " + v.signer().getSubjectX500Principal().getName());
                yield 0;
            }
            case VerifyResult.Invalid i -> throw new Failure("verification failed: " + i.reason());
            case VerifyResult.Unsigned u -> throw new Failure("not a signed S/MIME message");
        };
    }

    private int encrypt(Map<String, String> flags) throws IOException {
        ContentCipher cipher = ContentCipher.byLabel(flags.getOrDefault("cipher", "aes-128-gcm"))
            .orElseThrow(() -> new Failure("unknown cipher " + flags.get("cipher")));
        write(flags, SmimeEncryptor.create(certs(flags), cipher).encrypt(input(flags)).base64());
        return 0;
    }

    private int decrypt(Map<String, String> flags) throws IOException {
        MimeEntity message = MimeEntity.parse(Files.readAllBytes(Path.of(flags.get("in"))))
            .orElseThrow(() -> new Failure("input is not a MIME entity (header fields, empty line, content)"));
        List<X509Certificate> certs = certs(flags);
        return switch (new SmimeDecryptor(key(flags), certs.get(0), limits()).decrypt(message)) {
            case DecryptResult.Decrypted d -> {
                Files.write(Path.of(flags.get("out")), bytesOf(d.content()));
                yield 0;
            }
            case DecryptResult.Invalid i -> throw new Failure("decryption failed: " + i.reason());
            case DecryptResult.NotEncrypted n -> throw new Failure("not an encrypted S/MIME message");
        };
    }

    private static SmimeLimits limits() {
        return new SmimeLimits(64 * 1024 * 1024, SmimeLimits.DEFAULT_MAX_DEPTH, SmimeLimits.DEFAULT_MAX_PARTS);
    }

    /** The input as an entity: used whole when it has a Content-Type header field, otherwise wrapped. */
    private static MimeEntity input(Map<String, String> flags) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(flags.get("in")));
        Optional<MimeEntity> parsed = MimeEntity.parse(bytes).filter(e -> e.header("Content-Type").isPresent());
        return parsed.orElseGet(() -> MimeEntity.of(flags.getOrDefault("content-type", "text/plain"), bytes));
    }

    /** An entity without header fields is written as its content alone, as it came. */
    private static byte[] bytesOf(MimeEntity entity) {
        return entity.headers().isEmpty() ? entity.content() : entity.encode();
    }

    private static void write(Map<String, String> flags, MimeEntity entity) throws IOException {
        byte[] head = "MIME-Version: 1.0\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = entity.encode();
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        Files.write(Path.of(flags.get("out")), all);
    }

    private static List<X509Certificate> certs(Map<String, String> flags) throws IOException {
        List<X509Certificate> certs = Pem.certificates(Files.readString(Path.of(flags.get("cert")),
            StandardCharsets.ISO_8859_1));
        if (certs.isEmpty()) {
            throw new Failure("no certificate in " + flags.get("cert"));
        }
        return certs;
    }

    private static PrivateKey key(Map<String, String> flags) throws IOException {
        return Pem.privateKey(Files.readString(Path.of(flags.get("key")), StandardCharsets.ISO_8859_1))
            .orElseThrow(() -> new Failure("no unencrypted private key in " + flags.get("key")));
    }

    private int usage(String problem) {
        err.println("smime: " + problem);
        err.println(USAGE);
        return 2;
    }

    /** A failure reported on stderr with exit status 1. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }
}
