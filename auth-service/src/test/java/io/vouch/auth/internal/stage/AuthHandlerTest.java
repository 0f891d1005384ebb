package io.vouch.auth.internal.stage;

import io.vouch.auth.AuthConfig;
import io.vouch.auth.UsersCommand;
import io.vouch.auth.internal.credentials.InMemoryCredentialStore;
import io.vouch.auth.internal.credentials.UserCredentials;
import io.vouch.auth.internal.digest.DigestAlgorithm;
import io.vouch.auth.internal.digest.DigestAuthenticator;
import io.vouch.auth.internal.digest.DigestClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vouch.auth.internal.digest.DigestMath;
import io.vouch.proto.AuthAssertions;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Topics;
import io.vouch.proto.Transport;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageRecord;
import io.vouch.runtime.testing.MutableClock;
import io.vouch.seal.KeyMaterialSealer;
import io.vouch.seal.SealKey;
import io.vouch.seal.SealKeys;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthHandlerTest {
    /** Every algorithm, strongest first, so the SHA-2 paths are exercised (the default offers MD5 only). */
    private static final String ALL = "SHA-512-256,SHA-256,MD5";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String REGISTER = """
            REGISTER sip:example.com SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-%s\r
            Max-Forwards: 70\r
            From: <sip:%s@example.com>;tag=f1\r
            To: <sip:%s@example.com>\r
            Call-ID: reg-1@192.0.2.10\r
            CSeq: %d REGISTER\r
            Contact: <sip:alice@192.0.2.10:5060>\r
            Expires: 3600\r
            %s\
            Content-Length: 0\r
            \r
            """;
    private static final String INVITE = """
            INVITE sip:bob@example.com SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-%s\r
            Max-Forwards: 70\r
            From: <sip:alice@example.com>;tag=f2\r
            To: <sip:bob@example.com>\r
            Call-ID: call-7@192.0.2.10\r
            CSeq: %d INVITE\r
            Contact: <sip:alice@192.0.2.10:5060>\r
            Content-Type: application/sdp\r
            %s\
            Content-Length: %d\r
            \r
            %s""";
    private static final String SDP = "v=0\r\no=alice 1 1 IN IP4 192.0.2.10\r\ns=-\r\n";

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryCredentialStore store = new InMemoryCredentialStore(false);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private AuthHandler handler = handler(new JsonObject().put("auth.realms", "example.com").put("auth.algorithms", ALL)
            .put("auth.nonce.keys", "1:" + "A".repeat(44)));

    AuthHandlerTest() {
        Map<DigestAlgorithm, String> ha1 = new EnumMap<>(DigestAlgorithm.class);
        for (DigestAlgorithm a : UsersCommand.DEFAULT_ALGORITHMS) {
            ha1.put(a, DigestMath.ha1(a, "alice", "example.com", "secret"));
        }
        store.put(new UserCredentials("example.com", "alice", ha1, T0));
    }

    private AuthHandler handler(JsonObject json) {
        return handler(json, Optional.empty());
    }

    private AuthHandler handler(JsonObject json, Optional<KeyMaterialSealer> sealer) {
        AuthConfig config = AuthConfig.from(json);
        DigestAuthenticator auth = new DigestAuthenticator(config.digest(), config.nonceKeys(), config.nonceTtl(),
                store, config.lockout(), config.replayMaxUsers(), clock, new SecureRandom());
        AuthHandler h = new AuthHandler(config, auth, new AuthMetrics(registry), clock, sealer);
        h.onAssigned(Set.of(0));
        clock.advance(Duration.ofSeconds(2)); // past the rebalance skew
        return h;
    }

    private static StageRecord record(String sip, String tx, long offset) {
        SipEvent e = SipEvent.newBuilder().setSip(ByteString.copyFrom(sip, StandardCharsets.UTF_8))
                .setTransactionId(tx).setTraceId("0af7651916cd43dd8448eb211c80319c")
                .setFlow(Flow.newBuilder().setEdgeId("edge-1").setTransport(Transport.UDP)
                        .setRemoteHost("192.0.2.10").setRemotePort(5060))
                .build();
        return new StageRecord(Topics.AUTH, 0, offset, "example.com/alice", e, T0.toEpochMilli());
    }

    private static String register(String user, int cseq, String authorization) {
        return REGISTER.formatted(cseq, user, user, cseq, authorization == null ? "" : authorization + "\r\n");
    }

    private static SipResponse response(Outcome o) {
        Outcome.Reply reply = assertInstanceOf(Outcome.Reply.class, o);
        assertEquals("vouch.edge.edge-1", reply.topic());
        assertEquals("auth", reply.reply().getStage());
        var decoded = new SipMessageDecoder().decode(reply.reply().getSip().toByteArray());
        return assertInstanceOf(SipResponse.class, assertInstanceOf(DecodeResult.Parsed.class, decoded).message());
    }

    private String challenge(String header, SipResponse r, String algorithm) {
        return r.headers().all(header).stream().filter(v -> v.contains("algorithm=" + algorithm + ","))
                .findFirst().orElseThrow();
    }

    @Test
    void challengesAnUnauthenticatedRegisterThenForwardsItToTheRegistrarWithTheIdentity() {
        List<Outcome> first = handler.process(record(register("alice", 1, null), "tx1", 1));
        SipResponse r401 = response(first.get(0));
        assertEquals(401, r401.status());
        assertEquals(3, r401.headers().all("WWW-Authenticate").size());
        assertTrue(r401.to().tag().isPresent());

        String authz = "Authorization: " + DigestClient.authorize(challenge("WWW-Authenticate", r401, "SHA-256"),
                "SHA-256", "alice", "secret", "REGISTER", "sip:example.com", new byte[0], 1, "abc", "auth");
        List<Outcome> second = handler.process(record(register("alice", 2, authz), "tx2", 2));
        Outcome.Forward f = assertInstanceOf(Outcome.Forward.class, second.get(0));
        assertEquals(Topics.REGISTRAR, f.topic());
        assertEquals("alice@example.com", f.key());
        assertEquals(AuthAssertions.digestUser("alice", "example.com", "SHA-256"), f.event().getAuth());
        assertFalse(f.event().hasMedia());
        assertEquals(record(register("alice", 2, authz), "tx2", 2).event().getSip(), f.event().getSip());

        // the same record again (redelivery) has the same outcome, not a replay
        Outcome again = handler.process(record(register("alice", 2, authz), "tx2", 2)).get(0);
        assertInstanceOf(Outcome.Forward.class, again);
        // the same credentials in a new transaction are a replay: re-challenged with stale=true
        SipResponse replay = response(handler.process(record(register("alice", 3, authz), "tx3", 3)).get(0));
        assertEquals(401, replay.status());
        assertTrue(replay.headers().all("WWW-Authenticate").stream().allMatch(v -> v.contains("stale=true")));
        assertEquals(1.0, registry.get("vouch.auth.results").tag("reason", "replay").counter().count());
        assertEquals(2.0, registry.get("vouch.auth.results").tag("reason", "ok").counter().count());
    }

    /** As the edge publishes it: SDES/MIKEY key material sealed out of the body. */
    private static StageRecord sealed(String sip, String tx, long offset, KeyMaterialSealer sealer) {
        StageRecord r = record(sip, tx, offset);
        KeyMaterialSealer.Sealed s = sealer.seal(sip.getBytes(StandardCharsets.UTF_8));
        SipEvent e = r.event().toBuilder().setSip(ByteString.copyFrom(s.sip()))
                .setSealedSecrets(s.secrets().orElseThrow()).build();
        return new StageRecord(r.topic(), r.partition(), r.offset(), r.key(), e, r.timestampMs());
    }

    @Test
    void checksAnAuthIntDigestOverTheBodyAsSentWhenTheEdgeSealedItsKeys() {
        KeyMaterialSealer sealer = new KeyMaterialSealer(new SealKeys(new SealKey(1, new byte[32]), Optional.empty()),
                new SecureRandom());
        String key = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
        String sdp = SDP + "m=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + key + "\r\n";
        for (boolean holdsKey : List.of(true, false)) {
            handler = handler(new JsonObject().put("auth.realms", "example.com").put("auth.algorithms", ALL)
                    .put("auth.nonce.keys", "1:" + "A".repeat(44)), holdsKey ? Optional.of(sealer) : Optional.empty());
            String tx = holdsKey ? "k" : "n";
            SipResponse r407 = response(handler.process(sealed(INVITE.formatted(tx + "1", 1, "", sdp.length(), sdp),
                    tx + "1", 1, sealer)).get(0));
            assertEquals(407, r407.status());
            String authz = "Proxy-Authorization: " + DigestClient.authorize(
                    challenge("Proxy-Authenticate", r407, "SHA-256"), "SHA-256", "alice", "secret", "INVITE",
                    "sip:bob@example.com", sdp.getBytes(StandardCharsets.UTF_8), 1, "xyz" + tx, "auth-int");
            Outcome o = handler.process(sealed(INVITE.formatted(tx + "2", 2, authz + "\r\n", sdp.length(), sdp),
                    tx + "2", 2, sealer)).get(0);
            if (holdsKey) {
                Outcome.Forward f = assertInstanceOf(Outcome.Forward.class, o);
                assertTrue(f.event().hasSealedSecrets());
                assertFalse(f.event().getSip().toStringUtf8().contains(key), "forwarded still sealed");
            } else {
                assertEquals(407, response(o).status(), "a redacted body never passes auth-int");
            }
        }
    }

    @Test
    void challengesAMessageWith407AndForwardsItToDeliveryByTheTargetAor() {
        String text = "hello bob";
        String message0 = INVITE.formatted("m1", 1, "", text.length(), text).replace("INVITE", "MESSAGE")
                .replace("application/sdp", "text/plain");
        SipResponse r407 = response(handler.process(record(message0, "txm1", 1)).get(0));
        assertEquals(407, r407.status(), "RFC 3261 §22.3: a proxy challenges with Proxy-Authenticate");
        String authz = "Proxy-Authorization: " + DigestClient.authorize(
                challenge("Proxy-Authenticate", r407, "SHA-512-256"), "SHA-512-256", "alice", "secret", "MESSAGE",
                "sip:bob@example.com", text.getBytes(StandardCharsets.UTF_8), 1, "xyz", "auth");
        String message1 = INVITE.formatted("m2", 2, authz + "\r\n", text.length(), text).replace("INVITE", "MESSAGE")
                .replace("application/sdp", "text/plain");
        Outcome.Forward f = assertInstanceOf(Outcome.Forward.class, handler.process(record(message1, "txm2", 2))
                .get(0));
        assertEquals(Topics.BODY, f.topic());
        assertEquals("bob@example.com", f.key(), "keyed by the target AOR, where its bindings are");
    }

    @Test
    void challengesAnInviteWith407AndForwardsItByCallIdWithAuthInt() {
        String invite0 = INVITE.formatted("i1", 1, "", SDP.length(), SDP);
        SipResponse r407 = response(handler.process(record(invite0, "txi1", 1)).get(0));
        assertEquals(407, r407.status());
        assertEquals(3, r407.headers().all("Proxy-Authenticate").size());
        assertTrue(r407.headers().all("WWW-Authenticate").isEmpty());

        String authz = "Proxy-Authorization: " + DigestClient.authorize(
                challenge("Proxy-Authenticate", r407, "SHA-512-256"), "SHA-512-256", "alice", "secret", "INVITE",
                "sip:bob@example.com", SDP.getBytes(StandardCharsets.UTF_8), 1, "xyz", "auth-int");
        String invite1 = INVITE.formatted("i2", 2, authz + "\r\n", SDP.length(), SDP);
        Outcome.Forward f = assertInstanceOf(Outcome.Forward.class, handler.process(record(invite1, "txi2", 2))
                .get(0));
        assertEquals(Topics.IDENTITY, f.topic(), "an SDP without keying skips the media stage");
        assertEquals("call-7@192.0.2.10", f.key());

        // an Authorization header (not Proxy-) on an INVITE is not taken as credentials
        String wrongHeader = INVITE.formatted("i3", 3, authz.replace("Proxy-Authorization", "Authorization")
                + "\r\n", SDP.length(), SDP);
        assertEquals(407, response(handler.process(record(wrongHeader, "txi3", 3)).get(0)).status());
    }

    @Test
    void forbidsRegisteringAnotherUsersAddress() {
        SipResponse r401 = response(handler.process(record(register("bob", 1, null), "t1", 1)).get(0));
        String authz = "Authorization: " + DigestClient.authorize(challenge("WWW-Authenticate", r401, "MD5"),
                "MD5", "alice", "secret", "REGISTER", "sip:example.com", new byte[0], 1, "abc", "auth");
        SipResponse r = response(handler.process(record(register("bob", 2, authz), "t2", 2)).get(0));
        assertEquals(403, r.status());
    }

    @Test
    void answersAWrongPasswordWithAFreshChallengeAndThenLocksTheSourceOut() {
        handler = handler(new JsonObject().put("auth.realms", "example.com").put("auth.algorithms", ALL)
                .put("auth.lockout.source.threshold", 2));
        for (int i = 1; i <= 2; i++) {
            SipResponse c = response(handler.process(record(register("alice", i, null), "c" + i, i)).get(0));
            String authz = "Authorization: " + DigestClient.authorize(challenge("WWW-Authenticate", c, "SHA-256"),
                    "SHA-256", "alice", "guess" + i, "REGISTER", "sip:example.com", new byte[0], 1, "abc", "auth");
            SipResponse r = response(handler.process(record(register("alice", 10 + i, authz), "w" + i, i)).get(0));
            assertEquals(401, r.status());
        }
        SipResponse locked = response(handler.process(record(register("alice", 20, null), "l", 20)).get(0));
        assertEquals(503, locked.status());
        assertEquals(List.of("900"), locked.headers().all("Retry-After"));
        assertEquals(1.0, registry.get("vouch.auth.lockouts").tag("scope", "source").counter().count());
    }

    @Test
    void answersNoncesFromBeforeAReassignmentAsStale() {
        SipResponse r401 = response(handler.process(record(register("alice", 1, null), "t1", 1)).get(0));
        String authz = "Authorization: " + DigestClient.authorize(challenge("WWW-Authenticate", r401, "SHA-256"),
                "SHA-256", "alice", "secret", "REGISTER", "sip:example.com", new byte[0], 1, "abc", "auth");
        handler.onRevoked(Set.of(0));
        clock.advance(Duration.ofSeconds(5));
        handler.onAssigned(Set.of(0));
        SipResponse stale = response(handler.process(record(register("alice", 2, authz), "t2", 2)).get(0));
        assertEquals(401, stale.status());
        assertTrue(stale.headers().all("WWW-Authenticate").get(0).contains("stale=true"));
    }

    @Test
    void acceptsItsOwnFreshNoncesRightAfterAnAssignmentButNotOlderOnes() {
        SipResponse old401 = response(handler.process(record(register("alice", 1, null), "t1", 1)).get(0));
        String oldAuthz = "Authorization: " + DigestClient.authorize(challenge("WWW-Authenticate", old401, "SHA-256"),
                "SHA-256", "alice", "secret", "REGISTER", "sip:example.com", new byte[0], 1, "abc", "auth");
        clock.advance(Duration.ofMillis(200));
        handler.onAssigned(Set.of(0)); // a rebalance: within the skew window from now on
        clock.advance(Duration.ofMillis(100));
        SipResponse fresh401 = response(handler.process(record(register("alice", 2, null), "t2", 2)).get(0));
        assertTrue(fresh401.headers().all("WWW-Authenticate").get(0).contains("stale") == false);
        String freshAuthz = "Authorization: " + DigestClient.authorize(challenge("WWW-Authenticate", fresh401,
                "SHA-256"), "SHA-256", "alice", "secret", "REGISTER", "sip:example.com", new byte[0], 1, "def", "auth");
        clock.advance(Duration.ofMillis(100));
        assertInstanceOf(Outcome.Forward.class, handler.process(record(register("alice", 3, freshAuthz), "t3", 3)).get(0),
                "a nonce this replica issued after the assignment is not pre-rebalance");
        SipResponse stale = response(handler.process(record(register("alice", 4, oldAuthz), "t4", 4)).get(0));
        assertTrue(stale.headers().all("WWW-Authenticate").get(0).contains("stale=true"),
                "a nonce from before the assignment is still answered stale");
    }

    @Test
    void answersUnroutedMethodsWith501AndMalformedCredentialsWith400() {
        String message = register("alice", 1, null).replace("REGISTER sip:", "BYE sip:")
                .replace("1 REGISTER", "1 BYE");
        assertEquals(501, response(handler.process(record(message, "m", 1)).get(0)).status());
        String bad = register("alice", 2, "Authorization: Digest username=\"alice\", realm=\"example.com\"");
        assertEquals(400, response(handler.process(record(bad, "b", 2)).get(0)).status());
    }

    @Test
    void answersAMalformedRequestWith400OrDropsWhatCannotBeAddressed() {
        String noCseq = register("alice", 1, null).replace("CSeq: 1 REGISTER\r\n", "CSeq: x REGISTER\r\n");
        List<Outcome> out = handler.process(record(noCseq, "x", 1));
        assertTrue(out.get(0) instanceof Outcome.Drop || response(out.get(0)).status() == 400, out.toString());
        assertInstanceOf(Outcome.Drop.class, handler.process(record("garbage", "g", 2)).get(0));
    }

    @Test
    void letsTrustedPeersThroughWithoutDigest() {
        handler = handler(new JsonObject().put("auth.realms", "example.com").put("auth.algorithms", ALL)
                .put("auth.trusted.peers", "sbc.carrier.net"));
        SipEvent e = record(INVITE.formatted("p", 1, "", SDP.length(), SDP), "p", 1).event().toBuilder()
                .setFlow(Flow.newBuilder().setEdgeId("edge-1").setPeerIdentity("sbc.carrier.net")).build();
        Outcome.Forward f = assertInstanceOf(Outcome.Forward.class,
                handler.process(new StageRecord(Topics.AUTH, 0, 1, "k", e, 0)).get(0));
        assertEquals(AuthAssertions.mtlsPeer("sbc.carrier.net"), f.event().getAuth());
    }

    @Test
    void sendsCredentialsKeyedUnderAnotherUserBackToTheAuthTopicUnderTheirOwnersKey() {
        SipResponse r401 = response(handler.process(record(register("alice", 1, null), "t1", 1)).get(0));
        String authz = "Authorization: " + DigestClient.authorize(challenge("WWW-Authenticate", r401, "SHA-256"),
                "SHA-256", "alice", "secret", "REGISTER", "sip:example.com", new byte[0], 1, "abc", "auth");
        // e.g. a replay whose From was changed so that the edge keyed it to another partition
        StageRecord elsewhere = new StageRecord(Topics.AUTH, 1, 9, "example.com/mallory",
                record(register("alice", 2, authz), "t2", 2).event(), 0);
        Outcome.Forward back = assertInstanceOf(Outcome.Forward.class, handler.process(elsewhere).get(0));
        assertEquals(Topics.AUTH, back.topic());
        assertEquals("example.com/alice", back.key());
        assertEquals(elsewhere.event(), back.event());
        assertEquals(1.0, registry.get("vouch.auth.rerouted").counter().count());
        // under its owner's key it is verified
        StageRecord owned = new StageRecord(Topics.AUTH, 0, 10, back.key(), back.event(), 0);
        assertInstanceOf(Outcome.Forward.class, handler.process(owned).get(0));
        assertEquals(Topics.REGISTRAR, ((Outcome.Forward) handler.process(owned).get(0)).topic());
    }

    @Test
    void reportsTheSkewWindowAfterAnAssignmentUntilItEnds() {
        assertEquals(0, handler.skewRemainingMillis(), "past the window the test handler starts in");
        handler.onAssigned(Set.of(1));
        assertEquals(AuthConfig.DEFAULT_REBALANCE_SKEW.toMillis(), handler.skewRemainingMillis());
        clock.advance(Duration.ofMillis(400));
        assertEquals(AuthConfig.DEFAULT_REBALANCE_SKEW.toMillis() - 400, handler.skewRemainingMillis());
        clock.advance(AuthConfig.DEFAULT_REBALANCE_SKEW);
        assertEquals(0, handler.skewRemainingMillis());
    }

    @Test
    void aWarmUpRecordChangesNoStateAndAnswersNothing() {
        String authz = "Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=\"x\", "
                + "uri=\"sip:example.com\", response=\"00000000000000000000000000000000\", algorithm=MD5, qop=auth, "
                + "nc=00000001, cnonce=\"c\"";
        for (int i = 0; i < 50; i++) {
            handler.warmUp(record(register("alice", 1, authz), "tx-w", 1));
        }
        assertEquals(0.0, registry.find("vouch.auth.results").counters().stream().mapToDouble(c -> c.count()).sum(),
                "no authentication result counted");
        // fifty wrong responses through authenticate() would have locked alice out; the real request still succeeds
        SipResponse r401 = response(handler.process(record(register("alice", 2, null), "tx2", 2)).get(0));
        String ok = "Authorization: " + DigestClient.authorize(challenge("WWW-Authenticate", r401, "MD5"),
                "MD5", "alice", "secret", "REGISTER", "sip:example.com", new byte[0], 1, "abc", "auth");
        List<Outcome> forwarded = handler.process(record(register("alice", 3, ok), "tx3", 3));
        assertInstanceOf(Outcome.Forward.class, forwarded.get(0), () -> "after the warm-up: " + forwarded);
    }

    @Test
    void sendsAnInviteWithMediaKeyingToTheMediaStageAndAnUnkeyedOnePastItUnlessConfiguredOtherwise() {
        String keyed = SDP + "m=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                + "*".repeat(40) + "\r\n";
        assertEquals(Topics.MEDIA, authorizedInvite(handler, keyed, "k1").topic());
        assertEquals(Topics.IDENTITY, authorizedInvite(handler, SDP, "k2").topic());
        AuthHandler always = handler(new JsonObject().put("auth.realms", "example.com").put("auth.algorithms", ALL)
                .put("media.skip.unkeyed", false));
        assertEquals(Topics.MEDIA, authorizedInvite(always, SDP, "k3").topic());
    }

    private Outcome.Forward authorizedInvite(AuthHandler h, String sdp, String id) {
        SipResponse r407 = response(h.process(record(INVITE.formatted(id + "a", 1, "", sdp.length(), sdp), "tx" + id, 1))
                .get(0));
        String authz = "Proxy-Authorization: " + DigestClient.authorize(
                challenge("Proxy-Authenticate", r407, "SHA-512-256"), "SHA-512-256", "alice", "secret", "INVITE",
                "sip:bob@example.com", sdp.getBytes(StandardCharsets.UTF_8), 1, "xyz", "auth");
        return assertInstanceOf(Outcome.Forward.class, h.process(record(INVITE.formatted(id + "b", 2, authz + "\r\n",
                sdp.length(), sdp), "tx" + id + "b", 2)).get(0));
    }
}
