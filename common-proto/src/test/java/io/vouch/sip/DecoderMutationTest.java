package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.vouch.sip.fixtures.SipFixture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of every fixture: both decoders always return a value, never reach the
 * internal-error safety net, every parsed message answers all typed accessors and survives
 * encode/decode unchanged, and every respondable malformed request yields an encodable response.
 */
class DecoderMutationTest {
    private static final List<byte[]> SEEDS = seeds();

    private static List<byte[]> seeds() {
        List<byte[]> out = new ArrayList<>();
        for (String dir : List.of("valid", "invalid")) {
            SipFixture.all(dir).forEach(f -> out.add(f.bytes()));
        }
        return out;
    }

    @Test
    void decodersSurviveSixThousandMutations() {
        run(20260401L, 6_000);
    }

    @Test
    void decodersSurviveMutationsFromAnotherSeed() {
        run(7L, 3_000);
    }

    /** Two million mutations by default; {@code -Dsip.fuzz.iterations=N} changes the total. */
    @Tag("fuzz")
    @Test
    void decodersSurviveMillionsOfMutations() {
        int total = Integer.getInteger("sip.fuzz.iterations", 2_000_000);
        for (long seed = 1; seed <= 20; seed++) {
            run(seed * 1_000_003L, Math.max(1, total / 20));
        }
    }

    private static void run(long seed, int iterations) {
        Mutator mutator = new Mutator(seed);
        SipMessageDecoder decoder = new SipMessageDecoder();
        SipMessageEncoder encoder = new SipMessageEncoder();
        int parsed = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] input = mutator.mutate(SEEDS.get(mutator.nextInt(SEEDS.size())));
            try {
                DecodeResult r = decoder.decode(input);
                assertNotNull(r);
                switch (r) {
                    case DecodeResult.Parsed p -> {
                        parsed++;
                        FuzzChecks.touchEverything(p.message());
                        DecodeResult again = decoder.decode(encoder.encode(p.message()));
                        assertEquals(r, again, "parse -> encode -> parse");
                    }
                    case DecodeResult.Malformed m -> {
                        assertNotEquals("internal", m.reason());
                        Optional<SipResponse.Builder> answer = SipResponse.forMalformed(m);
                        answer.ifPresent(b -> encoder.encode(b.build()));
                    }
                    case DecodeResult.KeepAlive k -> assertNotNull(k);
                    case DecodeResult.Incomplete inc -> fail("a datagram is never incomplete");
                }
                streamNeverFails(input, mutator.nextInt(input.length + 1));
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + " iteration " + i + " input:\n" + printable(input), t);
            }
        }
        if (parsed < iterations / 20) {
            fail("only " + parsed + " of " + iterations + " mutations parsed: too destructive to test the parsed path");
        }
    }

    private static void streamNeverFails(byte[] input, int cut) {
        SipStreamDecoder stream = new SipStreamDecoder();
        List<DecodeResult> results = new ArrayList<>(stream.feed(input, 0, cut));
        results.addAll(stream.feed(input, cut, input.length - cut));
        for (DecodeResult r : results) {
            if (r instanceof DecodeResult.Malformed m) {
                assertNotEquals("internal", m.reason());
            } else if (r instanceof DecodeResult.Parsed p) {
                FuzzChecks.touchEverything(p.message());
            }
        }
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '\n' || (c >= 0x20 && c < 0x7f)) {
                sb.append((char) c);
            } else {
                sb.append(String.format("<%02x>", c));
            }
        }
        return sb.toString();
    }

    @Test
    void printableRendersControlBytes() {
        assertEquals("a<0d>\n<ff>", printable("a\r\n\u00ff".getBytes(StandardCharsets.ISO_8859_1)));
    }
}
