package io.vouch.auth.internal.credentials;

import io.vouch.auth.internal.digest.DigestAlgorithm;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The record format of the compacted topic {@code vouch.credentials}: key {@code realm/user}
 * ({@link Topics#userKey}), value UTF-8 JSON
 * {@code {"v":1,"realm":"example.com","user":"alice","ha1":{"SHA-512-256":"…","SHA-256":"…","MD5":"…"},
 * "updated":"2026-01-01T00:00:00Z"}}, a null value (tombstone) deleting the user.
 */
public final class CredentialRecords {
    /** Format version written in {@code v}. */
    public static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    /** What decoding one record produced. */
    public sealed interface Decoded permits Upsert, Delete, Rejected {
    }

    /** Credentials to store. */
    public record Upsert(UserCredentials credentials) implements Decoded {
    }

    /** A tombstone for {@code realm/user}. */
    public record Delete(String key) implements Decoded {
    }

    /** An unusable record; {@code reason} names what is wrong, never a secret. */
    public record Rejected(String key, String reason) implements Decoded {
    }

    private CredentialRecords() {
    }

    /** The record key for credentials. */
    public static String key(UserCredentials c) {
        return Topics.userKey(c.realm(), c.user());
    }

    /** The record value for credentials. */
    public static byte[] encode(UserCredentials c) {
        JsonObject ha1 = new JsonObject();
        c.ha1().forEach((alg, hex) -> ha1.put(alg.token(), hex));
        return new JsonObject().put("v", VERSION).put("realm", c.realm()).put("user", c.user()).put("ha1", ha1)
                .put("updated", c.updated().toString()).encode().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes one record; {@code value == null} is a tombstone. Never throws on bad input. Runs for every lookup of
     * the auth stage (the table keeps the raw record, so secrets are held once), hence a streaming read instead of a
     * JSON tree: unknown fields are skipped, a repeated field takes its last value, every field must have its type.
     */
    public static Decoded decode(String key, byte[] value) {
        if (value == null) {
            return new Delete(key);
        }
        int version = 0;
        String realm = null;
        String user = null;
        Map<DigestAlgorithm, String> ha1 = null;
        String updated = null;
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Rejected(key, "not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "v" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT) {
                            return invalid(key, field);
                        }
                        version = p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : -1;
                    }
                    case "realm", "user", "updated" -> {
                        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
                            return invalid(key, field);
                        }
                        String text = v == JsonToken.VALUE_NULL ? null : p.getText();
                        switch (field) {
                            case "realm" -> realm = text;
                            case "user" -> user = text;
                            default -> updated = text;
                        }
                    }
                    case "ha1" -> {
                        if (v == JsonToken.VALUE_NULL) {
                            ha1 = null;
                            continue;
                        }
                        if (v != JsonToken.START_OBJECT) {
                            return invalid(key, field);
                        }
                        ha1 = new EnumMap<>(DigestAlgorithm.class);
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            var alg = DigestAlgorithm.fromToken(name);
                            if (alg.isEmpty() || alg.get().session()) {
                                return new Rejected(key, "unknown algorithm " + name);
                            }
                            if (p.nextToken() != JsonToken.VALUE_STRING) {
                                return invalid(key, field);
                            }
                            ha1.put(alg.get(), p.getText());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return new Rejected(key, "not a JSON object");
            }
        } catch (IOException | RuntimeException e) {
            // IOException: not JSON, or past the parser's limits (nesting depth, number and string lengths)
            return new Rejected(key, "not a JSON object");
        }
        if (version != VERSION) {
            return new Rejected(key, "unsupported version");
        }
        if (realm == null || user == null || ha1 == null) {
            return new Rejected(key, "missing realm, user or ha1");
        }
        if (!Topics.userKey(realm, user).equals(key)) {
            return new Rejected(key, "key does not match realm/user");
        }
        try {
            Instant at = updated == null ? Instant.EPOCH : Timestamps.parse(updated);
            return new Upsert(new UserCredentials(realm.toLowerCase(java.util.Locale.ROOT), user, ha1, at));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return new Rejected(key, "invalid field: " + e.getClass().getSimpleName());
        }
    }

    private static Rejected invalid(String key, String field) {
        return new Rejected(key, "invalid field: " + field);
    }
}
