package io.vouch.auth.internal.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@code vouch.credentials} record values (read from a topic any credential writer feeds):
 * every input decodes to an upsert under its own key or a rejection, nothing throws. Regression mode (committed
 * inputs only) by default; {@code JAZZER_FUZZ=1} (the fuzz profile) fuzzes.
 */
class CredentialRecordsFuzzTest {
    @FuzzTest(maxDuration = "120s")
    void everyRecordValueGivesAVerdict(byte[] value) {
        switch (CredentialRecords.decode("example.com/alice", value)) {
            case CredentialRecords.Upsert u -> assertEquals("example.com/alice", CredentialRecords.key(u.credentials()));
            case CredentialRecords.Rejected r -> assertNotNull(r.reason());
            case CredentialRecords.Delete d -> throw new AssertionError("a non-null value is never a deletion");
        }
    }
}
