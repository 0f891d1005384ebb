package io.vouch.identity.internal.sign;

import io.vouch.identity.TestPki;
import io.vouch.identity.internal.crypto.CryptoProvider;
import io.vouch.identity.internal.passport.Attestation;
import io.vouch.identity.internal.passport.IdentityHeader;
import io.vouch.identity.internal.passport.PartyId;
import io.vouch.identity.internal.passport.PassportToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.identity.internal.crypto.Es256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StirAuthenticatorTest {
    @TempDir
    Path dir;

    private final KeyPair key = TestPki.ecKey();
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1443208345), ZoneOffset.UTC);
    private final TnAssignments.InMemory assignments = TnAssignments.inMemory().assign("12155551212", "acme");

    private StirAuthenticator authenticator() throws Exception {
        Path k = TestPki.writePkcs8(dir.resolve("k.pem"), key.getPrivate());
        SigningKeyStore store = SigningKeyStore.load(List.of(
                SigningKeySpec.ofDefault("main", k, "https://cert.example.org/passport.cer")));
        return new StirAuthenticator(store, new AttestationPolicy(assignments),
                new PassportSigner(CryptoProvider.SUN_EC), clock);
    }

    @Test
    void attestsByOwnershipAndOrigin() {
        AttestationPolicy p = new AttestationPolicy(assignments);
        assertEquals(Attestation.A, p.decide(SigningOrigin.user("acme"), "12155551212"));
        assertEquals(Attestation.B, p.decide(SigningOrigin.user("other"), "12155551212"));
        assertEquals(Attestation.B, p.decide(SigningOrigin.user("acme"), "12155550000"));
        assertEquals(Attestation.C, p.decide(SigningOrigin.peer(Optional.empty()), "12155551212"));
        assertEquals(Attestation.A, p.decide(SigningOrigin.peer(Optional.of("acme")), "12155551212"));
        assertEquals(Attestation.C, p.decide(SigningOrigin.peer(Optional.of("other")), "12155551212"));
    }

    @Test
    void signsACanonicalShakenPassportThatVerifies() throws Exception {
        StirAuthenticator.Signed s = assertInstanceOf(StirAuthenticator.Signed.class, authenticator().sign(
                StirAuthenticator.Request.of(SigningOrigin.user("acme"), "12155551212", "12155551213")));
        assertEquals(Attestation.A, s.attest());
        IdentityHeader h = s.headers().getFirst();
        assertEquals(Optional.of("https://cert.example.org/passport.cer"), h.info());
        assertEquals(Optional.of("shaken"), h.ppt());
        String[] parts = h.token().split("\\.");
        assertEquals("{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"typ\":\"passport\","
                + "\"x5u\":\"https://cert.example.org/passport.cer\"}", decode(parts[0]));
        String origid = StirAuthenticator.origid(SigningOrigin.user("acme"));
        assertEquals("{\"attest\":\"A\",\"dest\":{\"tn\":[\"12155551213\"]},\"iat\":1443208345,"
                + "\"orig\":{\"tn\":\"12155551212\"},\"origid\":\"" + origid + "\"}", decode(parts[1]));
        PassportToken t = assertInstanceOf(PassportToken.Parsed.class, PassportToken.parseFull(h.token())).token();
        assertTrue(new Es256(CryptoProvider.BC.provider()).verify(key.getPublic(), t.signingInput(), t.signature()));
    }

    @Test
    void addsADivPassportForADivertedCall() throws Exception {
        StirAuthenticator.Signed s = assertInstanceOf(StirAuthenticator.Signed.class, authenticator().sign(
                new StirAuthenticator.Request(SigningOrigin.peer(Optional.empty()), "12155551212",
                        List.of("13035550000"), Optional.of("12155551213"), false, Map.of())));
        assertEquals(2, s.headers().size());
        assertEquals(Optional.of("div"), s.headers().get(1).ppt());
        PassportToken div = assertInstanceOf(PassportToken.Parsed.class,
                PassportToken.parseFull(s.headers().get(1).token())).token();
        assertEquals(Optional.of(new PartyId.Tn("12155551213")), div.passport().claims().div());
        assertEquals(List.of("13035550000"), div.passport().claims().destTns());
    }

    @Test
    void carriesConfiguredRichCallData() throws Exception {
        StirAuthenticator.Signed s = assertInstanceOf(StirAuthenticator.Signed.class, authenticator().sign(
                new StirAuthenticator.Request(SigningOrigin.user("acme"), "12155551212", List.of("12155551213"),
                        Optional.empty(), false, Map.of("rcd", Map.of("nam", "Acme Corp")))));
        String claims = decode(s.headers().getFirst().token().split("\\.")[1]);
        assertTrue(claims.contains("\"rcd\":{\"nam\":\"Acme Corp\"}"), claims);
    }

    @Test
    void refusesWithoutAMatchingKey() throws Exception {
        Path k = TestPki.writePkcs8(dir.resolve("k2.pem"), key.getPrivate());
        SigningKeyStore store = SigningKeyStore.load(List.of(new SigningKeySpec("only", k, Optional.empty(),
                Optional.empty(), "https://c.example/a.pem", java.util.Set.of(), List.of("1303"))));
        StirAuthenticator a = new StirAuthenticator(store, new AttestationPolicy(assignments),
                new PassportSigner(CryptoProvider.BC), clock);
        assertEquals(new StirAuthenticator.Refused("no_key"),
                a.sign(StirAuthenticator.Request.of(SigningOrigin.user("acme"), "12155551212", "12155551213")));
    }

    private static String decode(String b64) {
        return new String(Base64.getUrlDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
