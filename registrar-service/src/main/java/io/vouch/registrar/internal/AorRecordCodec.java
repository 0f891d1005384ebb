package io.vouch.registrar.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.Flow;
import io.vouch.proto.Transport;
import io.vouch.registrar.Binding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The value format of {@code vouch.bindings}: one JSON object per AOR (version {@code v} 1) holding its bindings and
 * recently applied REGISTER transactions. Times are epoch milliseconds. Decoding untrusted bytes never throws.
 */
public final class AorRecordCodec {
    static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    private AorRecordCodec() {
    }

    /**
     * The record as JSON, written with a streaming generator (field order and values as {@link #decode} reads them;
     * this runs for every REGISTER, where building a {@code JsonObject} tree and serializing it through data binding
     * cost a tenth of the registrar's event-loop time).
     */
    public static byte[] encode(AorRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 384 * r.bindings().size());
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            string(g, "aor", r.aor());
            g.writeArrayFieldStart("bindings");
            for (Binding b : r.bindings()) {
                g.writeStartObject();
                string(g, "contact", b.contact());
                g.writeObjectFieldStart("params");
                for (Map.Entry<String, String> p : b.contactParams().entrySet()) {
                    string(g, p.getKey(), p.getValue());
                }
                g.writeEndObject();
                g.writeNumberField("q", b.q());
                string(g, "instance", b.instanceId());
                g.writeNumberField("regId", b.regId());
                g.writeBooleanField("outbound", b.outbound());
                flow(g, b.flow());
                g.writeArrayFieldStart("path");
                for (String p : b.path()) {
                    g.writeString(p);
                }
                g.writeEndArray();
                string(g, "callId", b.callId());
                g.writeNumberField("cseq", b.cseq());
                g.writeNumberField("expiresAt", b.expiresAt().toEpochMilli());
                g.writeNumberField("updatedAt", b.updatedAt().toEpochMilli());
                if (!b.tempGruu().isEmpty()) {
                    string(g, "tempGruu", b.tempGruu());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("recent");
            for (RequestId id : r.recent()) {
                g.writeStartObject();
                string(g, "callId", id.callId());
                g.writeNumberField("cseq", id.cseq());
                string(g, "branch", id.branch());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    private static void flow(JsonGenerator g, Flow f) throws IOException {
        g.writeObjectFieldStart("flow");
        g.writeStringField("edgeId", f.getEdgeId());
        g.writeStringField("transport", f.getTransport().name());
        g.writeStringField("flowId", f.getFlowId());
        g.writeStringField("remoteHost", f.getRemoteHost());
        g.writeNumberField("remotePort", f.getRemotePort());
        g.writeStringField("localHost", f.getLocalHost());
        g.writeNumberField("localPort", f.getLocalPort());
        g.writeStringField("peerIdentity", f.getPeerIdentity());
        g.writeEndObject();
    }

    /** The record in {@code value}, or empty (logged by the caller) when it is not a valid version-1 record. */
    public static Optional<AorRecord> decode(byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonObject json = new JsonObject(Buffer.buffer(value));
            if (json.getInteger("v", -1) != VERSION) {
                return Optional.empty();
            }
            List<Binding> bindings = new ArrayList<>();
            for (Object o : json.getJsonArray("bindings", new JsonArray())) {
                bindings.add(binding((JsonObject) o));
            }
            List<RequestId> recent = new ArrayList<>();
            for (Object o : json.getJsonArray("recent", new JsonArray())) {
                JsonObject j = (JsonObject) o;
                recent.add(new RequestId(j.getString("callId"), j.getLong("cseq"), j.getString("branch", "")));
            }
            return Optional.of(new AorRecord(json.getString("aor"), bindings, recent));
        } catch (RuntimeException e) {
            // DecodeException, ClassCastException, NullPointerException, IllegalArgumentException: not ours
            return Optional.empty();
        }
    }

    private static Binding binding(JsonObject o) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : o.getJsonObject("params", new JsonObject())) {
            params.put(e.getKey(), String.valueOf(e.getValue()));
        }
        List<String> path = new ArrayList<>();
        for (Object p : o.getJsonArray("path", new JsonArray())) {
            path.add((String) p);
        }
        return new Binding(o.getString("contact"), params, o.getInteger("q", Binding.NO_Q),
                o.getString("instance", ""), o.getInteger("regId", 0), o.getBoolean("outbound", false),
                flow(o.getJsonObject("flow", new JsonObject())), path, o.getString("callId"), o.getLong("cseq"),
                Instant.ofEpochMilli(o.getLong("expiresAt")), Instant.ofEpochMilli(o.getLong("updatedAt")),
                o.getString("tempGruu", ""));
    }

    private static Flow flow(JsonObject j) {
        Transport t;
        try {
            t = Transport.valueOf(j.getString("transport", "TRANSPORT_UNSPECIFIED"));
        } catch (IllegalArgumentException e) {
            t = Transport.TRANSPORT_UNSPECIFIED;
        }
        return Flow.newBuilder()
                .setEdgeId(j.getString("edgeId", ""))
                .setTransport(t == Transport.UNRECOGNIZED ? Transport.TRANSPORT_UNSPECIFIED : t)
                .setFlowId(j.getString("flowId", ""))
                .setRemoteHost(j.getString("remoteHost", ""))
                .setRemotePort(j.getInteger("remotePort", 0))
                .setLocalHost(j.getString("localHost", ""))
                .setLocalPort(j.getInteger("localPort", 0))
                .setPeerIdentity(j.getString("peerIdentity", ""))
                .build();
    }
}
