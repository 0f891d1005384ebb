package io.vouch.auth.internal.credentials;

import io.vouch.auth.internal.digest.DigestAlgorithm;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.Topics;
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

    /** Decodes one record; {@code value == null} is a tombstone. Never throws on bad input. */
    public static Decoded decode(String key, byte[] value) {
        if (value == null) {
            return new Delete(key);
        }
        JsonObject json;
        try {
            json = new JsonObject(new String(value, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            return new Rejected(key, "not a JSON object");
        }
        try {
            if (json.getInteger("v", 0) != VERSION) {
                return new Rejected(key, "unsupported version");
            }
            String realm = json.getString("realm");
            String user = json.getString("user");
            JsonObject ha1 = json.getJsonObject("ha1");
            if (realm == null || user == null || ha1 == null) {
                return new Rejected(key, "missing realm, user or ha1");
            }
            if (!Topics.userKey(realm, user).equals(key)) {
                return new Rejected(key, "key does not match realm/user");
            }
            Map<DigestAlgorithm, String> map = new EnumMap<>(DigestAlgorithm.class);
            for (String name : ha1.fieldNames()) {
                var alg = DigestAlgorithm.fromToken(name);
                if (alg.isEmpty() || alg.get().session()) {
                    return new Rejected(key, "unknown algorithm " + name);
                }
                map.put(alg.get(), ha1.getString(name));
            }
            Instant updated = json.containsKey("updated") ? Instant.parse(json.getString("updated")) : Instant.EPOCH;
            return new Upsert(new UserCredentials(realm.toLowerCase(java.util.Locale.ROOT), user, map, updated));
        } catch (ClassCastException | DateTimeParseException | IllegalArgumentException e) {
            return new Rejected(key, "invalid field: " + e.getClass().getSimpleName());
        }
    }
}
