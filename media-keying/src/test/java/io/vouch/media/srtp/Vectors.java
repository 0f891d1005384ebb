package io.vouch.media.srtp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The shared SRTP / SDES vectors in {@code src/test/resources/srtp/vectors.json}. */
public final class Vectors {
    private static final JsonObject ALL = load();

    private Vectors() {
    }

    private static JsonObject load() {
        try (InputStream in = Vectors.class.getResourceAsStream("/srtp/vectors.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vector with {@code id} from {@code vectors} or {@code negative_derived}. */
    public static JsonObject byId(String id) {
        for (String list : new String[] {"vectors", "negative_derived"}) {
            JsonArray a = ALL.getJsonArray(list);
            for (int i = 0; i < a.size(); i++) {
                if (id.equals(a.getJsonObject(i).getString("id"))) {
                    return a.getJsonObject(i);
                }
            }
        }
        throw new IllegalArgumentException("no vector " + id);
    }

    public static JsonArray vectors() {
        return ALL.getJsonArray("vectors");
    }

    public static JsonArray negatives() {
        return ALL.getJsonArray("negative_derived");
    }

    public static JsonObject sdes() {
        return ALL.getJsonObject("sdes_rfc4568");
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.toLowerCase().replace("0x", ""));
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
