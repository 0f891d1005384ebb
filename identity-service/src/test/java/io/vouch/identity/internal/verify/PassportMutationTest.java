package io.vouch.identity.internal.verify;

import io.vouch.identity.internal.passport.IdentityHeader;
import io.vouch.identity.internal.passport.PassportToken;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Seeded mutations of valid Identity headers: the parsers and the verifier must answer, never throw. */
class PassportMutationTest {
    private static VerifierFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new VerifierFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void survivesMutatedTokens() throws Exception {
        run(0x5eed, 2_000);
    }

    @Test
    @Tag("fuzz")
    void survivesManyMutatedTokens() throws Exception {
        run(System.nanoTime(), 200_000);
    }

    private static void run(long seed, int rounds) throws Exception {
        Random rnd = new Random(seed);
        String valid = f.validHeader();
        String alphabet = ".;=<>\"{}[]:,-_ABCxyz019+/\\ \u00e9\u0000";
        for (int i = 0; i < rounds; i++) {
            String mutated = mutate(valid, rnd, alphabet);
            String context = "seed=" + seed + " round=" + i + " input=" + mutated;
            assertNotNull(IdentityHeader.parse(mutated), context);
            int semi = mutated.indexOf(';');
            assertNotNull(PassportToken.parseFull(semi < 0 ? mutated : mutated.substring(0, semi)), context);
            if (i % 20 == 0) {
                Verification v = f.verifier.verify(VerifierFixture.request("fuzz-" + i, mutated))
                        .get(10, TimeUnit.SECONDS);
                assertNotNull(v, context);
                assertTrue(v instanceof Verification.Passed || v instanceof Verification.Failed, context);
            }
        }
    }

    private static String mutate(String s, Random rnd, String alphabet) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && !sb.isEmpty(); e++) {
            int pos = rnd.nextInt(sb.length());
            switch (rnd.nextInt(5)) {
                case 0 -> sb.setCharAt(pos, alphabet.charAt(rnd.nextInt(alphabet.length())));
                case 1 -> sb.deleteCharAt(pos);
                case 2 -> sb.insert(pos, alphabet.charAt(rnd.nextInt(alphabet.length())));
                case 3 -> sb.setLength(pos);
                default -> {
                    // flip a bit inside the base64 JSON: decode-mutate-encode keeps the JSON layer reachable
                    int dot = sb.indexOf(".");
                    if (dot > 0) {
                        String part = sb.substring(0, dot);
                        try {
                            byte[] json = java.util.Base64.getUrlDecoder().decode(part);
                            json[rnd.nextInt(json.length)] ^= (byte) (1 << rnd.nextInt(8));
                            sb.replace(0, dot, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json));
                        } catch (IllegalArgumentException notBase64) {
                            sb.setCharAt(pos, '!');
                        }
                    }
                }
            }
        }
        return sb.toString();
    }
}
