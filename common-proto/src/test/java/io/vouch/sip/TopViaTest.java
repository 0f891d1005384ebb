package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vouch.sip.fixtures.SipFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SipRequest#withTopVia} gives what rebuilding and parsing the request again gives. */
class TopViaTest {
    private static final SipMessageEncoder ENCODER = new SipMessageEncoder();

    @Test
    void carriesTheOtherTypedHeadersOverAndMatchesARebuiltRequest() {
        for (String fixture : List.of("valid/basic-invite.sip", "valid/route-set.sip", "valid/basic-register.sip",
                "valid/tortuous-invite.sip", "valid/ipv6.sip", "valid/escapes.sip")) {
            SipRequest r = (SipRequest) Decoding.decode(SipFixture.load(fixture).bytes());
            Via stamped = r.topVia().withReceived("192.0.2.44").withRport(40001);
            SipRequest fast = r.withTopVia(stamped);
            SipRequest rebuilt = r.newBuilder().removeFirstValue("Via").headerFirst("Via", stamped.toString()).build();

            assertArrayEquals(ENCODER.encode(rebuilt), ENCODER.encode(fast), fixture);
            assertEquals(rebuilt.vias(), fast.vias(), fixture);
            assertEquals(stamped, fast.topVia(), fixture);
            assertEquals(r.vias().subList(1, r.vias().size()), fast.vias().subList(1, fast.vias().size()), fixture);
            assertEquals(rebuilt.from(), fast.from());
            assertEquals(rebuilt.to(), fast.to());
            assertEquals(rebuilt.cseq(), fast.cseq());
            assertEquals(rebuilt.callId(), fast.callId());
            assertEquals(rebuilt.contacts(), fast.contacts());
            assertEquals(rebuilt.routes(), fast.routes());
            assertEquals(rebuilt.authorizations(), fast.authorizations());
            assertEquals(rebuilt.maxForwards(), fast.maxForwards());
            assertEquals(rebuilt.expires(), fast.expires());
            assertArrayEquals(rebuilt.body(), fast.body());
            assertEquals(rebuilt, fast);
            // the source request is unchanged
            assertEquals(r.vias(), ((SipRequest) Decoding.decode(SipFixture.load(fixture).bytes())).vias());
        }
    }

    @Test
    void refusesARequestWithoutVia() {
        SipRequest r = (SipRequest) Decoding.decode(SipFixture.load("valid/basic-invite.sip").bytes());
        SipRequest noVia = r.newBuilder().removeHeader("Via").build();
        assertThrows(IllegalStateException.class, () -> noVia.withTopVia(r.topVia()));
    }
}
