package io.vouch.registrar.internal;

import static io.vouch.registrar.internal.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.registrar.Binding;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AorRecordCodecTest {
    static Binding binding(String contact, long expiresInS) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("+sip.instance", "\"<urn:uuid:1>\"");
        params.put("reg-id", "1");
        params.put("audio", "");
        return new Binding(contact, params, 500, "<urn:uuid:1>", 1, true, Fixtures.FLOW,
                List.of("<sip:p1.example.net;lr;ob>"), "call-1", 42, T0.plusSeconds(expiresInS), T0,
                "d22c40d097004e8757244db56bba019d");
    }

    @Test
    void roundTripsEveryField() {
        AorRecord r = new AorRecord("alice@example.com",
                List.of(binding("sip:alice@192.0.2.1;ob", 600), new Binding("sip:alice@192.0.2.2", Map.of(),
                        Binding.NO_Q, "", 0, false, io.vouch.proto.Flow.getDefaultInstance(), List.of(), "call-2", 1,
                        T0.plusSeconds(60), T0.minusSeconds(5))),
                List.of(new RequestId("call-1", 42, "z9hG4bK1"), new RequestId("call-2", 1, "")));
        Optional<AorRecord> back = AorRecordCodec.decode(AorRecordCodec.encode(r));
        assertEquals(Optional.of(r), back);
        assertEquals(List.of("+sip.instance", "reg-id", "audio"),
                List.copyOf(back.orElseThrow().bindings().get(0).contactParams().keySet()), "parameter order kept");
    }

    @Test
    void writesTheVersionOneLayoutRecordsAlreadyInTheTopicUse() {
        AorRecord r = new AorRecord("alice@example.com", List.of(new Binding("sip:alice@192.0.2.1",
                Map.of("x-\"q", "a\\b"), 1000, "", 0, false, io.vouch.proto.Flow.getDefaultInstance(),
                List.of("<sip:p1;lr>"), "c\u00e9", 7, T0.plusSeconds(60), T0)), List.of(new RequestId("c", 7, "z9")));
        String expected = "{\"v\":1,\"aor\":\"alice@example.com\",\"bindings\":[{\"contact\":\"sip:alice@192.0.2.1\","
                + "\"params\":{\"x-\\\"q\":\"a\\\\b\"},\"q\":1000,\"instance\":\"\",\"regId\":0,\"outbound\":false,"
                + "\"flow\":{\"edgeId\":\"\",\"transport\":\"TRANSPORT_UNSPECIFIED\",\"flowId\":\"\",\"remoteHost\":\"\","
                + "\"remotePort\":0,\"localHost\":\"\",\"localPort\":0,\"peerIdentity\":\"\"},\"path\":[\"<sip:p1;lr>\"],"
                + "\"callId\":\"c\u00e9\",\"cseq\":7,\"expiresAt\":" + T0.plusSeconds(60).toEpochMilli()
                + ",\"updatedAt\":" + T0.toEpochMilli() + "}],\"recent\":[{\"callId\":\"c\",\"cseq\":7,\"branch\":\"z9\"}]}";
        assertEquals(expected, new String(AorRecordCodec.encode(r), StandardCharsets.UTF_8));
        assertEquals(new io.vertx.core.json.JsonObject(expected),
                new io.vertx.core.json.JsonObject(io.vertx.core.buffer.Buffer.buffer(AorRecordCodec.encode(r))));
        assertEquals(Optional.of(r), AorRecordCodec.decode(expected.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void garbageDecodesToEmpty() {
        for (String s : List.of("", "{", "[]", "{\"v\":2}", "{\"v\":1,\"bindings\":[1]}",
                "{\"v\":1,\"aor\":\"a\",\"bindings\":[{\"contact\":\"sip:a@b\"}]}")) {
            assertTrue(AorRecordCodec.decode(s.getBytes(StandardCharsets.UTF_8)).isEmpty(), s);
        }
        assertTrue(AorRecordCodec.decode(null).isEmpty());
    }
}
