package io.vouch.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessage;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.fixtures.SipFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every SDP body of the valid SIP fixtures (RFC 4475 style, and the benchmark INVITE) decodes and re-encodes exactly. */
class SdpInSipFixturesTest {

    @Test
    void everySdpBodyOfTheValidFixturesDecodesAndRoundTrips() {
        List<SipFixture> fixtures = new ArrayList<>(SipFixture.all("valid"));
        fixtures.addAll(SipFixture.all("bench"));
        int checked = 0;
        for (SipFixture f : fixtures) {
            if (!(new SipMessageDecoder().decode(f.bytes(), 0, f.bytes().length) instanceof DecodeResult.Parsed p)) {
                continue;
            }
            SipMessage m = p.message();
            if (!(SdpBodies.locate(m.contentType(), m.body()) instanceof SdpBodies.Located.Found found)) {
                continue;
            }
            for (byte[] sdp : found.sdps()) {
                SessionDescription sd = assertInstanceOf(SdpDecodeResult.Parsed.class, new SdpDecoder().decode(sdp),
                    f.name()).description();
                assertArrayEquals(sdp, new SdpEncoder().encode(sd), f.name());
                checked++;
            }
        }
        assertTrue(checked >= 5, "only " + checked + " SDP bodies found");
    }
}
