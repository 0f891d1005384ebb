package io.vouch.auth.internal.credentials;

import io.vouch.auth.internal.digest.DigestAlgorithm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.auth.internal.digest.DigestMath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialRecordsTest {
    private static final UserCredentials ALICE = new UserCredentials("example.com", "alice",
            Map.of(DigestAlgorithm.SHA_256, DigestMath.ha1(DigestAlgorithm.SHA_256, "alice", "example.com", "pw")),
            Instant.parse("2026-01-02T03:04:05Z"));

    @Test
    void roundTripsARecord() {
        var decoded = CredentialRecords.decode(CredentialRecords.key(ALICE), CredentialRecords.encode(ALICE));
        assertEquals(ALICE, assertInstanceOf(CredentialRecords.Upsert.class, decoded).credentials());
        assertEquals("example.com/alice", CredentialRecords.key(ALICE));
    }

    @Test
    void treatsANullValueAsADeletion() {
        assertEquals(new CredentialRecords.Delete("example.com/alice"),
                CredentialRecords.decode("example.com/alice", null));
    }

    @Test
    void rejectsRecordsThatAreBrokenOrFiledUnderAnotherKey() {
        String good = new String(CredentialRecords.encode(ALICE), StandardCharsets.UTF_8);
        for (String bad : new String[] {"", "[]", "{", "{\"v\":2}", good.replace("\"alice\"", "\"bob\""),
                good.replace("SHA-256", "SHA-1"), good.replace("SHA-256", "SHA-256-sess"),
                good.replaceAll("\"[0-9a-f]{64}\"", "\"abc\""), good.replace("2026-01-02T03:04:05Z", "yesterday"),
                "{\"v\":1,\"realm\":\"example.com\",\"user\":\"alice\",\"ha1\":{}}",
                good.replace("\"v\":1", "\"v\":\"1\""), good.replace("\"v\":1", "\"v\":1.0"),
                good.replace("\"v\":1", "\"v\":4294967297"), good.replace("\"realm\":\"example.com\"", "\"realm\":7"),
                good.replace("\"user\":\"alice\"", "\"user\":[\"alice\"]"), good.replace("\"ha1\":{", "\"ha1\":[{") + "]",
                good.replaceAll("(\"SHA-256\":)(\"[0-9a-f]{64}\")", "$1[$2]"), good + "x", good + "{}",
                good.replace("\"2026-01-02T03:04:05Z\"", "20260102"), good.replace("\"ha1\":{", "\"ha1\":null,\"x\":{"),
                good.substring(0, good.length() - 1)}) {
            var d = CredentialRecords.decode("example.com/alice", bad.getBytes(StandardCharsets.UTF_8));
            assertInstanceOf(CredentialRecords.Rejected.class, d, bad);
        }
    }

    @Test
    void skipsUnknownFieldsAndTakesTheLastOfARepeatedOne() {
        String good = new String(CredentialRecords.encode(ALICE), StandardCharsets.UTF_8);
        String extended = good.replace("{\"v\":1,", "{\"v\":1,\"note\":{\"a\":[1,{\"b\":null}]},\"realm\":\"other.org\",")
                .replace("}}", "},\"x\":[true]}");
        var d = CredentialRecords.decode("example.com/alice", extended.getBytes(StandardCharsets.UTF_8));
        assertEquals(ALICE, assertInstanceOf(CredentialRecords.Upsert.class, d).credentials(), extended);
        String noDate = good.replace("\"2026-01-02T03:04:05Z\"", "null");
        d = CredentialRecords.decode("example.com/alice", noDate.getBytes(StandardCharsets.UTF_8));
        assertEquals(Instant.EPOCH, assertInstanceOf(CredentialRecords.Upsert.class, d).credentials().updated());
    }

    @Test
    void storesFeedLookupsAndDeletionsFromRecords() {
        InMemoryCredentialStore store = new InMemoryCredentialStore(true);
        store.apply("example.com/alice", CredentialRecords.encode(ALICE));
        assertEquals(Optional.of(ALICE), store.find("EXAMPLE.com", "alice"));
        assertEquals(Optional.of(ALICE), store.findByUserhash("example.com", DigestAlgorithm.SHA_256_SESS,
                DigestMath.userhash(DigestAlgorithm.SHA_256, "alice", "example.com")));
        store.apply("example.com/alice", null);
        assertTrue(store.find("example.com", "alice").isEmpty());
        assertEquals(0, store.size());

        TableCredentialStore table = new TableCredentialStore(k -> k.equals("example.com/alice")
                ? Optional.of(CredentialRecords.encode(ALICE)) : Optional.empty());
        assertEquals(Optional.of(ALICE), table.find("example.com", "alice"));
        assertTrue(table.find("example.com", "bob").isEmpty());
    }
}
