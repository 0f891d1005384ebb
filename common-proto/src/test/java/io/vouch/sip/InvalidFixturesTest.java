package io.vouch.sip;

import static io.vouch.sip.Decoding.DATAGRAM;
import static io.vouch.sip.Decoding.ENCODER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.sip.fixtures.SipFixture;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every invalid fixture is reported as malformed with the expected reason, status and respondability. */
class InvalidFixturesTest {
    static List<SipFixture> fixtures() {
        return SipFixture.all("invalid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void isMalformedWithTheExpectedReason(SipFixture f) {
        DecodeResult.Malformed m = Decoding.malformed(DATAGRAM.decode(f.bytes()));
        assertEquals(f.directive("reason", "?"), m.reason());
        assertEquals(Integer.parseInt(f.directive("status", "400")), m.status());
        assertEquals(Boolean.parseBoolean(f.directive("respondable", "false")), m.respondable());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void respondableRequestsGetAnAddressableResponse(SipFixture f) {
        DecodeResult.Malformed m = Decoding.malformed(DATAGRAM.decode(f.bytes()));
        Optional<SipResponse.Builder> builder = SipResponse.forMalformed(m);
        assertEquals(m.respondable(), builder.isPresent());
        Assumptions.assumeTrue(builder.isPresent());
        byte[] wire = ENCODER.encode(builder.get().build());
        String text = new String(wire, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.startsWith("SIP/2.0 " + m.status() + " "), text);
        // an overlarge CSeq is copied verbatim, so the response may itself not decode: read its headers either way
        SipHeaders h = switch (DATAGRAM.decode(wire)) {
            case DecodeResult.Parsed p -> p.message().headers();
            case DecodeResult.Malformed bad -> bad.recovered().orElseThrow();
            default -> throw new AssertionError("unexpected result");
        };
        String requestTo = m.recovered().orElseThrow().first("To").orElseThrow();
        if (io.vouch.sip.internal.HeaderParsers.nameAddr(requestTo) != null) {
            assertTrue(h.first("To").orElseThrow().contains(";tag="), "response carries a To tag");
        } else {
            assertEquals(requestTo, h.first("To").orElseThrow(), "an unparseable To is copied verbatim");
        }
        assertEquals(m.recovered().orElseThrow().first("Call-ID"), h.first("Call-ID"));
        assertEquals(m.recovered().orElseThrow().first("CSeq"), h.first("CSeq"));
        assertEquals(m.recovered().orElseThrow().all("Via"), h.all("Via"));
        assertTrue(m.method().isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void streamDecodingReportsTheSameProblem(SipFixture f) {
        Assumptions.assumeFalse(f.directive("stream", "").equals("skip"));
        byte[] b = f.bytes();
        String expected = Decoding.malformed(DATAGRAM.decode(b)).reason();
        List<DecodeResult> whole = Decoding.stream(b);
        assertEquals(expected, Decoding.malformed(whole.get(0)).reason());
        List<DecodeResult> bytewise = Decoding.streamBytewise(b);
        assertEquals(expected, Decoding.malformed(bytewise.get(0)).reason());
    }
}
