package io.vouch.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdpDecoderTest {
    static final String OFFER = """
        v=0
        o=alice 2890844526 2890844526 IN IP4 198.51.100.1
        s=-
        c=IN IP4 198.51.100.1
        t=0 0
        a=group:BUNDLE 0 1
        m=audio 49170 RTP/SAVP 0 8 101
        a=rtpmap:101 telephone-event/8000
        a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32
        a=sendrecv
        m=video 51372/2 UDP/TLS/RTP/SAVPF 96
        c=IN IP6 2001:db8::1
        b=AS:512
        a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3D:16:8F:8B:5B:40:6E:7F:C0:A2:2E:6C
        a=setup:actpass
        """;

    static final SdpDecoder DECODER = new SdpDecoder();

    static SessionDescription parse(String text) {
        return assertInstanceOf(SdpDecodeResult.Parsed.class,
            DECODER.decode(text.getBytes(StandardCharsets.UTF_8))).description();
    }

    static String reason(String text) {
        return assertInstanceOf(SdpDecodeResult.Malformed.class,
            DECODER.decode(text.getBytes(StandardCharsets.UTF_8))).reason();
    }

    static String crlf(String text) {
        return text.replace("\n", "\r\n");
    }

    @Test
    void decodesSessionAndMediaFieldsWithAttributesInOrder() {
        SessionDescription sd = parse(crlf(OFFER));
        assertEquals("alice", sd.origin().orElseThrow().username());
        assertEquals("-", sd.sessionName());
        assertEquals("198.51.100.1", sd.connection().orElseThrow().address());
        assertEquals(List.of(new SdpAttribute("group", Optional.of("BUNDLE 0 1"))), sd.attributes());
        assertEquals(2, sd.media().size());
        MediaDescription audio = sd.media().get(0);
        assertEquals("audio", audio.media().media());
        assertEquals(49170, audio.media().port());
        assertEquals("RTP/SAVP", audio.media().proto());
        assertEquals(List.of("0", "8", "101"), audio.media().formats());
        assertEquals(List.of("rtpmap", "crypto", "sendrecv"), audio.attributes().stream().map(SdpAttribute::name).toList());
        assertEquals(Optional.empty(), audio.attributes("sendrecv").get(0).value());
        MediaDescription video = sd.media().get(1);
        assertEquals(Optional.of(2), video.media().portCount());
        assertEquals("IP6", video.connection().orElseThrow().addrType());
        assertEquals("actpass", video.attributes("setup").get(0).valueOrEmpty());
    }

    @ParameterizedTest
    @CsvSource({"CRLF", "LF", "NO_FINAL_EOL", "TRAILING_BLANK", "MIXED"})
    void encodingReproducesTheDecodedBytesExactly(String style) {
        String text = switch (style) {
            case "CRLF" -> crlf(OFFER);
            case "LF" -> OFFER;
            case "NO_FINAL_EOL" -> crlf(OFFER).substring(0, crlf(OFFER).length() - 2);
            case "TRAILING_BLANK" -> crlf(OFFER) + "\r\n\r\n";
            default -> crlf(OFFER).replaceFirst("\r\ns=", "\ns=");
        };
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        SessionDescription sd = parse(text);
        assertArrayEquals(bytes, new SdpEncoder().encode(sd));
    }

    @Test
    void bytesThatAreNotUtf8RoundTripAsLatin1() {
        byte[] bytes = crlf(OFFER).replace("s=-", "s=caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        SessionDescription sd = assertInstanceOf(SdpDecodeResult.Parsed.class, DECODER.decode(bytes)).description();
        assertEquals(StandardCharsets.ISO_8859_1, sd.charset());
        assertArrayEquals(bytes, new SdpEncoder().encode(sd));
        String utf8 = crlf(OFFER).replace("s=-", "s=caf\u00e9");
        assertEquals("caf\u00e9", parse(utf8).sessionName());
        assertArrayEquals(utf8.getBytes(StandardCharsets.UTF_8), new SdpEncoder().encode(parse(utf8)));
    }

    @Test
    void strippingAnAttributeLeavesEveryOtherLineAsItWas() {
        SessionDescription sd = parse(crlf(OFFER)).withoutAttributes("crypto");
        assertEquals(crlf(OFFER).replaceAll("a=crypto:[^\r]*\r\n", ""), new SdpEncoder().encodeToString(sd));
    }

    @Test
    void malformedDescriptionsGiveAReason() {
        String head = "v=0\no=a 1 1 IN IP4 h\ns=-\n";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("o=a 1 1 IN IP4 h\nv=0\ns=-\nt=0 0\n", "SDP must start with v=");
        cases.put("v=1\no=a 1 1 IN IP4 h\ns=-\nt=0 0\n", "SDP version not 0");
        cases.put("v=0\ns=-\nt=0 0\n", "SDP o= or s= missing");
        cases.put("v=0\no=a x 1 IN IP4 h\ns=-\nt=0 0\n", "malformed SDP o= line");
        cases.put(head + "c=IN IP4 h\nm=audio 1 RTP/AVP 0\n", "SDP t= missing");
        cases.put(head + "t=0 0\n", null);
        cases.put(head + "t=0 0\nm=audio 1 RTP/AVP 0\n", "SDP c= missing");
        cases.put(head + "c=IN IP4 h\nt=0 0\nm=audio 70000 RTP/AVP 0\n", "malformed SDP m= line");
        cases.put(head + "c=IN IP4 h\nt=0 0\nm=audio 1 RTP/AVP\n", "malformed SDP m= line");
        cases.put(head + "c=IN IP4\nt=0 0\n", "malformed SDP c= line");
        cases.put(head + "t=0 0\na=:x\n", "malformed SDP a= line");
        cases.put(head + "t=0 0\nx=1\n", "unknown SDP line type");
        cases.put(head + "t=0 0\nc=IN IP4 h\n", "SDP line out of order");
        cases.put(head + "c=IN IP4 h\nt=0 0\nm=audio 1 RTP/AVP 0\na=x\nc=IN IP4 h\n", "SDP line out of order");
        cases.put(head + "c=IN IP4 h\nc=IN IP4 h\nt=0 0\n", "SDP line out of order");
        cases.put(head + "t=0 0\n\na=x\n", "empty SDP line");
        cases.put(head + "t=0 0\nA=x\n", "malformed SDP line");
        cases.put(head + "t=0 0\na =x\n", "malformed SDP line");
        cases.put(head + "t=0 0\na=x\ry\n", "SDP bare CR");
        cases.put(head + "t=0 0\r", "SDP bare CR");
        cases.put(head + "t=0 0\na=x\u0000y\n", "SDP NUL byte");
        cases.put(head + "t=now 0\n", "malformed SDP t= line");
        cases.put(head + "c=IN IP4 h\nb=AS\nt=0 0\n", "malformed SDP b= line");
        cases.put("", "empty SDP");
        cases.forEach((text, reason) -> {
            SdpDecodeResult r = DECODER.decode(text.getBytes(StandardCharsets.UTF_8));
            if (reason == null) {
                assertInstanceOf(SdpDecodeResult.Parsed.class, r, text);
            } else {
                assertEquals(reason, assertInstanceOf(SdpDecodeResult.Malformed.class, r, text).reason(), text);
            }
        });
    }

    @Test
    void limitsAreEnforced() {
        String base = "v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\n";
        SdpDecoder small = new SdpDecoder(new SdpLimits(200, 8, 40, 1));
        assertEquals("SDP too large", reason(small, base + "a=x\r\n".repeat(40)));
        assertEquals("too many SDP lines", reason(small, base + "a=x\r\n".repeat(4)));
        assertEquals("SDP line too long", reason(small, base + "a=" + "x".repeat(40) + "\r\n"));
        assertEquals("too many SDP media", reason(small, base + "m=audio 1 RTP/AVP 0\r\nm=audio 2 RTP/AVP 0\r\n"));
    }

    private static String reason(SdpDecoder d, String text) {
        return assertInstanceOf(SdpDecodeResult.Malformed.class, d.decode(text.getBytes(StandardCharsets.US_ASCII)))
            .reason();
    }
}
