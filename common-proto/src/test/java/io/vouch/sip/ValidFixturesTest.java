package io.vouch.sip;

import static io.vouch.sip.Decoding.DATAGRAM;
import static io.vouch.sip.Decoding.ENCODER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.sip.fixtures.SipFixture;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every valid fixture decodes, survives encode/decode, and frames identically through the stream decoder. */
class ValidFixturesTest {
    static List<SipFixture> fixtures() {
        return SipFixture.all("valid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void decodesAsDatagram(SipFixture f) {
        SipMessage m = Decoding.decode(f.bytes());
        assertTrue(m.vias().size() >= 1);
        assertEquals(m.headers().first("Call-ID").orElseThrow(), m.callId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void parseEncodeParseGivesAnEqualMessage(SipFixture f) {
        SipMessage first = Decoding.decode(f.bytes());
        byte[] wire = ENCODER.encode(first);
        SipMessage second = Decoding.decode(wire);
        assertEquals(first, second);
        assertEquals(first.vias(), second.vias());
        assertEquals(first.contacts(), second.contacts());
        assertEquals(first.from(), second.from());
        assertEquals(first.to(), second.to());
        byte[] again = ENCODER.encode(second);
        assertEquals(new String(wire, java.nio.charset.StandardCharsets.ISO_8859_1),
            new String(again, java.nio.charset.StandardCharsets.ISO_8859_1), "encoding is stable");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void streamDecodingSplitAtEveryByteGivesTheSameMessage(SipFixture f) {
        Assumptions.assumeFalse(f.directive("stream", "").equals("skip"));
        Assumptions.assumeFalse(f.directives().containsKey("stream-expect"));
        SipMessage expected = Decoding.parsed(DATAGRAM.decode(f.bytes()));
        byte[] b = f.bytes();
        assertEquals(List.of(new DecodeResult.Parsed(expected)), Decoding.stream(b));
        for (int cut = 1; cut < b.length; cut++) {
            assertEquals(List.of(new DecodeResult.Parsed(expected)), Decoding.stream(b, cut), "cut at " + cut);
        }
        assertEquals(List.of(new DecodeResult.Parsed(expected)), Decoding.streamBytewise(b));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void streamDecodingOfTheEncodedFormGivesTheSameMessage(SipFixture f) {
        SipMessage m = Decoding.decode(f.bytes());
        byte[] wire = ENCODER.encode(m);
        assertEquals(List.of(new DecodeResult.Parsed(m)), Decoding.stream(wire, wire.length / 3, wire.length / 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void streamReportsWhatTheFixtureExpects(SipFixture f) {
        String expect = f.directive("stream-expect", "");
        Assumptions.assumeTrue(expect.startsWith("malformed "));
        List<DecodeResult> results = Decoding.stream(f.bytes());
        assertEquals(1, results.size());
        assertEquals(expect.substring("malformed ".length()), Decoding.malformed(results.get(0)).reason());
    }
}
