package io.vouch.auth;

import io.vouch.auth.internal.credentials.CredentialRecords;
import io.vouch.auth.internal.credentials.UserCredentials;
import io.vouch.auth.internal.digest.DigestAlgorithm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.auth.internal.credentials.CredentialTopic;
import io.vouch.auth.internal.digest.DigestMath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersCommandTest {
    /** An in-memory stand-in for the compacted topic: an append-only log folded by key. */
    private static final class FakeTopic implements CredentialTopic {
        final List<Map.Entry<String, byte[]>> log = new ArrayList<>();
        String lastOptionsKafka;

        @Override
        public void write(List<Map.Entry<String, byte[]>> records) {
            log.addAll(records);
        }

        @Override
        public Map<String, byte[]> readAll() {
            Map<String, byte[]> m = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> e : log) {
                if (e.getValue() == null) {
                    m.remove(e.getKey());
                } else {
                    m.put(e.getKey(), e.getValue());
                }
            }
            return m;
        }

        @Override
        public void close() {
        }
    }

    private final FakeTopic topic = new FakeTopic();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        UsersCommand cmd = new UsersCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC), o -> {
                    topic.lastOptionsKafka = o.flag("kafka", "127.0.0.1:9092");
                    return topic;
                });
        return cmd.execute(args);
    }

    private UserCredentials stored(String key) {
        return assertInstanceOf(CredentialRecords.Upsert.class,
                CredentialRecords.decode(key, topic.readAll().get(key))).credentials();
    }

    @Test
    void addsAUserWithTheHa1OfEveryAlgorithmAndNeverThePassword() {
        assertEquals(0, run("s3cret pass\n", "users", "add", "alice", "--realm", "Example.com"));
        UserCredentials c = stored("example.com/alice");
        assertEquals(DigestMath.ha1(DigestAlgorithm.SHA_512_256, "alice", "example.com", "s3cret pass"),
                c.ha1For(DigestAlgorithm.SHA_512_256).orElseThrow());
        assertEquals(DigestMath.ha1(DigestAlgorithm.MD5, "alice", "example.com", "s3cret pass"),
                c.ha1For(DigestAlgorithm.MD5_SESS).orElseThrow());
        assertEquals(3, c.ha1().size());
        String raw = new String(topic.log.get(0).getValue(), StandardCharsets.UTF_8);
        assertFalse(raw.contains("s3cret"), raw);
        assertEquals("127.0.0.1:9092", topic.lastOptionsKafka);
        assertTrue(out.toString().contains("stored alice@example.com"));
    }

    @Test
    void restrictsAlgorithmsAndHonoursTheKafkaOption() {
        assertEquals(0, run("pw\n", "add", "bob", "--realm", "example.com", "--algorithms", "SHA-256,SHA-512-256",
                "--kafka", "10.0.0.1:9093"));
        assertEquals(2, stored("example.com/bob").ha1().size());
        assertEquals("10.0.0.1:9093", topic.lastOptionsKafka);
    }

    @Test
    void importsCsvKeepingCommasInPasswordsThenListsAndDeletes(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("users.csv");
        Files.writeString(csv, "user,realm,password\n# comment\nalice,example.com,a,b c\n\nbob,example.net,x\n");
        assertEquals(0, run("", "import", csv.toString()));
        assertEquals(DigestMath.ha1(DigestAlgorithm.SHA_256, "alice", "example.com", "a,b c"),
                stored("example.com/alice").ha1For(DigestAlgorithm.SHA_256).orElseThrow());

        out.reset();
        assertEquals(0, run("", "list"));
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("alice@example.com\tSHA-512-256,SHA-256,MD5\t"), lines.get(0));

        out.reset();
        assertEquals(0, run("", "list", "--realm", "example.net"));
        assertEquals(1, out.toString().lines().count());

        assertEquals(0, run("", "delete", "alice", "--realm", "example.com"));
        out.reset();
        assertEquals(0, run("", "list"));
        assertEquals(List.of("bob@example.net"), out.toString().lines().map(l -> l.split("\t")[0]).toList());
    }

    @Test
    void importsFromStdin() {
        assertEquals(0, run("carol,example.com,pw1\ndave,example.com,pw2\n", "import", "-"));
        assertEquals(2, topic.readAll().size());
    }

    @Test
    void rejectsBadInputWithUsageStatusAndWritesNothing() {
        assertEquals(2, run("pw\n", "add", "alice"));
        assertEquals(2, run("pw\n", "add", "--realm", "example.com"));
        assertEquals(2, run("pw\n", "add", "alice", "--realm", "example.com", "--algorithms", "SHA-1"));
        assertEquals(2, run("pw\n", "frobnicate"));
        assertEquals(2, run("pw\n", "add", "alice", "--realm", "example.com", "--colour", "red"));
        assertEquals(1, run("", "add", "alice", "--realm", "example.com"));
        assertEquals(1, run("alice,example.com\n", "import", "-"));
        assertTrue(topic.log.isEmpty());
        assertTrue(err.toString().contains("usage:"));
    }
}
