package io.vouch.loadtest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {

    static Stream<JsonObject> vectors() throws IOException {
        try (InputStream in = DigestAuthenticatorTest.class.getResourceAsStream("/digest-rfc-vectors.json")) {
            JsonArray all = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonArray("vectors");
            // HA1 uses the plain user name even with userhash=true (RFC 7616 §3.4.4), so every vector applies.
            return all.stream().map(JsonObject.class::cast).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void requestDigestMatchesThePublishedVector(JsonObject v) {
        DigestAuthenticator auth = new DigestAuthenticator(1);
        String response = auth.response(v.getString("algorithm"), v.getString("username_for_hash"),
                v.getString("realm"), v.getString("password"), v.getString("method"), v.getString("uri"),
                v.getString("nonce"), v.getString("nc"), v.getString("cnonce"), v.getString("qop"));

        assertEquals(v.getString("expected_response"), response, v.getString("id"));
    }

    @Test
    void authorizationHeaderCarriesEveryParameterOfTheRfc7616Sha256Example() throws IOException {
        JsonObject v = vectors().filter(x -> x.getString("id").equals("rfc7616-3.9.1-SHA-256")).findFirst()
                .orElseThrow();
        DigestChallenge challenge = DigestChallenge.from(Map.of("realm", v.getString("realm"), "qop", "auth, auth-int",
                "algorithm", "SHA-256", "nonce", v.getString("nonce"), "opaque", v.getString("opaque"))).orElseThrow();

        String header = new DigestAuthenticator(1).authorize(challenge, "Mufasa", "Circle of Life", "GET",
                "/dir/index.html", v.getString("cnonce"), 1);

        assertTrue(header.startsWith("Digest username=\"Mufasa\", realm=\"http-auth@example.org\""), header);
        assertTrue(header.contains("response=\"" + v.getString("expected_response") + "\""), header);
        assertTrue(header.contains("algorithm=SHA-256"), header);
        assertTrue(header.contains("qop=auth, nc=00000001"), header);
        assertTrue(header.contains("cnonce=\"" + v.getString("cnonce") + "\""), header);
        assertTrue(header.contains("opaque=\"" + v.getString("opaque") + "\""), header);
    }

    @Test
    void withoutQopTheResponseIsTheRfc2069Form() {
        DigestAuthenticator auth = new DigestAuthenticator(1);
        // RFC 2617 §3.5 values without qop: H(HA1:nonce:HA2) with HA1 939e75..., HA2 39aff3...
        String response = auth.response("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null, null);
        assertEquals("670fd8c2df070c60b045671b8b24ff02", response);
    }

    @Test
    void picksTheChallengeOfTheRequestedAlgorithmAmongSeveral() {
        DigestChallenge sha = DigestChallenge.from(Map.of("realm", "r", "nonce", "n1", "algorithm", "SHA-256"))
                .orElseThrow();
        DigestChallenge md5 = DigestChallenge.from(Map.of("realm", "r", "nonce", "n2")).orElseThrow();

        assertEquals(Optional.of(md5), DigestAuthenticator.select(List.of(sha, md5), "MD5"));
        assertEquals(Optional.of(sha), DigestAuthenticator.select(List.of(sha, md5), "sha-256"));
        assertEquals(Optional.empty(), DigestAuthenticator.select(List.of(md5), "SHA-512-256"));
        assertFalse(DigestChallenge.from(Map.of("realm", "r")).isPresent(), "a challenge needs a nonce");
    }
}
