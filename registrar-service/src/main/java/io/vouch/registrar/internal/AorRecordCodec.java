package io.vouch.registrar.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.Flow;
import io.vouch.proto.Transport;
import io.vouch.registrar.Binding;
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

    private AorRecordCodec() {
    }

    public static byte[] encode(AorRecord r) {
        JsonArray bindings = new JsonArray();
        for (Binding b : r.bindings()) {
            JsonObject params = new JsonObject();
            b.contactParams().forEach(params::put);
            JsonObject o = new JsonObject()
                    .put("contact", b.contact())
                    .put("params", params)
                    .put("q", b.q())
                    .put("instance", b.instanceId())
                    .put("regId", b.regId())
                    .put("outbound", b.outbound())
                    .put("flow", flow(b.flow()))
                    .put("path", new JsonArray(new ArrayList<>(b.path())))
                    .put("callId", b.callId())
                    .put("cseq", b.cseq())
                    .put("expiresAt", b.expiresAt().toEpochMilli())
                    .put("updatedAt", b.updatedAt().toEpochMilli());
            if (!b.tempGruu().isEmpty()) {
                o.put("tempGruu", b.tempGruu());
            }
            bindings.add(o);
        }
        JsonArray recent = new JsonArray();
        for (RequestId id : r.recent()) {
            recent.add(new JsonObject().put("callId", id.callId()).put("cseq", id.cseq()).put("branch", id.branch()));
        }
        return new JsonObject().put("v", VERSION).put("aor", r.aor()).put("bindings", bindings)
                .put("recent", recent).toBuffer().getBytes();
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

    private static JsonObject flow(Flow f) {
        return new JsonObject()
                .put("edgeId", f.getEdgeId())
                .put("transport", f.getTransport().name())
                .put("flowId", f.getFlowId())
                .put("remoteHost", f.getRemoteHost())
                .put("remotePort", f.getRemotePort())
                .put("localHost", f.getLocalHost())
                .put("localPort", f.getLocalPort())
                .put("peerIdentity", f.getPeerIdentity());
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
