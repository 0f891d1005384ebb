package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/** Test helpers: decode through the datagram or the stream decoder and unwrap results. */
final class Decoding {
    static final SipMessageDecoder DATAGRAM = new SipMessageDecoder();
    static final SipMessageEncoder ENCODER = new SipMessageEncoder();

    private Decoding() {
    }

    static SipMessage parsed(DecodeResult r) {
        if (r instanceof DecodeResult.Parsed p) {
            return p.message();
        }
        return fail("expected a parsed message but got " + r);
    }

    static DecodeResult.Malformed malformed(DecodeResult r) {
        if (r instanceof DecodeResult.Malformed m) {
            assertNotEquals("internal", m.reason(), "the safety net caught an exception");
            return m;
        }
        return fail("expected malformed but got " + r);
    }

    static SipMessage decode(byte[] bytes) {
        return parsed(DATAGRAM.decode(bytes));
    }

    /** Feeds {@code bytes} in chunks whose boundaries are {@code cuts}; returns every non-Incomplete result. */
    static List<DecodeResult> stream(byte[] bytes, int... cuts) {
        SipStreamDecoder d = new SipStreamDecoder();
        List<DecodeResult> out = new ArrayList<>();
        int prev = 0;
        for (int cut : cuts) {
            collect(d.feed(bytes, prev, cut - prev), out);
            prev = cut;
        }
        collect(d.feed(bytes, prev, bytes.length - prev), out);
        return out;
    }

    static List<DecodeResult> streamBytewise(byte[] bytes) {
        SipStreamDecoder d = new SipStreamDecoder();
        List<DecodeResult> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            collect(d.feed(bytes, i, 1), out);
        }
        return out;
    }

    private static void collect(List<DecodeResult> results, List<DecodeResult> out) {
        for (DecodeResult r : results) {
            if (r instanceof DecodeResult.Malformed m) {
                assertNotEquals("internal", m.reason(), "the safety net caught an exception");
            }
            if (!(r instanceof DecodeResult.Incomplete)) {
                out.add(r);
            }
        }
    }
}
