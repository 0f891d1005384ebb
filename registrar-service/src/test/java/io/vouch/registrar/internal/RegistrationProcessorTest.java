package io.vouch.registrar.internal;

import static io.vouch.registrar.internal.Fixtures.T0;
import static io.vouch.registrar.internal.Fixtures.parsed;
import static io.vouch.registrar.internal.Fixtures.registerText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.registrar.Binding;
import io.vouch.registrar.RegistrarConfig;
import io.vouch.registrar.internal.RegistrationResult.Accepted;
import io.vouch.registrar.internal.RegistrationResult.Kind;
import io.vouch.registrar.internal.RegistrationResult.Rejected;
import io.vouch.runtime.testing.MutableClock;
import io.vouch.sip.Contact;
import io.vouch.sip.NameAddr;
import io.vouch.sip.SipUri;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistrationProcessorTest {
    private final MutableClock clock = new MutableClock(T0);
    private RegistrarConfig config = RegistrarConfig.defaults().withExpires(3600, 60, 7200);
    private Optional<AorRecord> state = Optional.empty();

    /** Processes an alice REGISTER and keeps the new state when it changed, like the stage does. */
    private RegistrationResult register(String callId, long cseq, String... headers) {
        return process(parsed(registerText(callId, cseq, headers), "alice"));
    }

    private RegistrationResult process(RegisterRequest req) {
        RegistrationResult r = new RegistrationProcessor(config, clock).process(req, state);
        if (r instanceof Accepted a && a.changed()) {
            state = a.state();
        }
        return r;
    }

    private static Accepted accepted(RegistrationResult r) {
        return assertInstanceOf(Accepted.class, r, () -> "expected acceptance, got " + r);
    }

    private static Rejected rejected(RegistrationResult r, Rejection expected) {
        Rejected rej = assertInstanceOf(Rejected.class, r, () -> "expected rejection, got " + r);
        assertEquals(expected, rej.rejection());
        return rej;
    }

    private List<Binding> live() {
        return state.map(s -> s.live(clock.instant())).orElse(List.of());
    }

    @Test
    void addsBindingWithExpiresHeaderAndListsIt() {
        Accepted a = accepted(register("c1", 1, "Contact: <sip:alice@192.0.2.10:50060;transport=tcp>",
                "Expires: 1800"));
        assertEquals(Kind.UPDATED, a.kind());
        assertTrue(a.changed());
        assertEquals(1, a.bindings().size());
        Binding b = a.bindings().get(0);
        assertEquals("sip:alice@192.0.2.10:50060;transport=tcp", b.contact());
        assertEquals(1800, b.remainingSeconds(clock.instant()));
        assertEquals("c1", b.callId());
        assertEquals(1, b.cseq());
        assertEquals(Fixtures.FLOW, b.flow());
        assertEquals("alice@example.com", state.orElseThrow().aor());
    }

    @Test
    void contactExpiresParameterWinsOverExpiresHeader() {
        Accepted a = accepted(register("c1", 1, "Contact: <sip:alice@192.0.2.10>;expires=120", "Expires: 300"));
        assertEquals(120, a.bindings().get(0).remainingSeconds(clock.instant()));
    }

    @Test
    void usesConfiguredDefaultExpiryWhenNoneIsGiven() {
        config = RegistrarConfig.defaults().withExpires(900, 60, 7200);
        Accepted a = accepted(register("c1", 1, "Contact: <sip:alice@192.0.2.10>"));
        assertEquals(900, a.bindings().get(0).remainingSeconds(clock.instant()));
    }

    @Test
    void clampsExpiryToTheMaximum() {
        Accepted a = accepted(register("c1", 1, "Contact: <sip:alice@192.0.2.10>", "Expires: 100000"));
        assertEquals(7200, a.bindings().get(0).remainingSeconds(clock.instant()));
    }

    @Test
    void rejectsTooBriefIntervalWith423AndMinExpires() {
        Rejected r = rejected(register("c1", 1, "Contact: <sip:alice@192.0.2.10>;expires=30"),
                Rejection.INTERVAL_TOO_BRIEF);
        assertEquals(Map.of("Min-Expires", "60"), r.headers());
        assertEquals(423, r.rejection().status());
        assertTrue(state.isEmpty());
    }

    @Test
    void refreshWithHigherCSeqUpdatesTheBindingInPlace() {
        register("c1", 1, "Contact: <sip:alice@192.0.2.10>", "Expires: 600");
        clock.advance(Duration.ofSeconds(100));
        Accepted a = accepted(register("c1", 2, "Contact: <sip:alice@192.0.2.10>", "Expires: 600"));
        assertEquals(1, a.bindings().size());
        assertEquals(600, a.bindings().get(0).remainingSeconds(clock.instant()));
        assertEquals(2, a.bindings().get(0).cseq());
    }

    @Test
    void contactUriMatchingFollowsRfc3261UriComparison() {
        register("c1", 1, "Contact: <sip:alice@HOST.example.net;transport=TCP>");
        Accepted a = accepted(register("c1", 2, "Contact: <sip:alice@host.example.net;transport=tcp;foo=1>"));
        assertEquals(1, a.bindings().size(), "same URI by §19.1.4 refreshes the binding");
        Accepted b = accepted(register("c1", 3, "Contact: <sip:alice@host.example.net:5060;transport=tcp>"));
        assertEquals(2, b.bindings().size(), "an explicit port makes a different URI");
    }

    @Test
    void removesBindingWithExpiresZero() {
        register("c1", 1, "Contact: <sip:alice@192.0.2.10>", "Contact: <sip:alice@192.0.2.11>");
        Accepted a = accepted(register("c1", 2, "Contact: <sip:alice@192.0.2.10>;expires=0"));
        assertEquals(1, a.bindings().size());
        assertEquals("sip:alice@192.0.2.11", a.bindings().get(0).contact());
        Accepted last = accepted(register("c1", 3, "Contact: <sip:alice@192.0.2.11>", "Expires: 0"));
        assertTrue(last.bindings().isEmpty());
        assertTrue(last.changed());
        assertTrue(last.state().isEmpty(), "no binding left: the AOR's record becomes a tombstone");
    }

    @Test
    void removingAnUnknownContactChangesNothing() {
        Accepted a = accepted(register("c1", 1, "Contact: <sip:alice@192.0.2.10>;expires=0"));
        assertFalse(a.changed());
        assertTrue(a.bindings().isEmpty());
    }

    @Test
    void wildcardWithExpiresZeroRemovesEveryBinding() {
        register("c1", 1, "Contact: <sip:alice@192.0.2.10>", "Contact: <sip:alice@192.0.2.11>");
        register("c2", 1, "Contact: <sip:alice@192.0.2.12>");
        assertEquals(3, live().size());
        Accepted a = accepted(register("c3", 1, "Contact: *", "Expires: 0"));
        assertTrue(a.changed());
        assertTrue(a.state().isEmpty());
        assertTrue(a.bindings().isEmpty());
    }

    @Test
    void wildcardWithoutExpiresZeroIsABadRequest() {
        register("c1", 1, "Contact: <sip:alice@192.0.2.10>");
        rejected(register("c2", 1, "Contact: *"), Rejection.BAD_REQUEST);
        rejected(register("c2", 2, "Contact: *", "Expires: 3600"), Rejection.BAD_REQUEST);
        assertEquals(1, live().size());
    }

    @Test
    void wildcardWithOtherContactsIsABadRequest() {
        RegisterRequest base = parsed(registerText("c1", 1, "Expires: 0"), "alice");
        RegisterRequest mixed = new RegisterRequest(base.aor(), base.aorHost(), base.identity(), base.id(),
                List.of(Contact.WILDCARD, Contact.of(NameAddr.of(SipUri.of("alice", "192.0.2.10")))),
                base.expires(), base.path(), base.supported(), base.require(), base.viaCount(), base.flow());
        Rejected r = rejected(process(mixed), Rejection.BAD_REQUEST);
        assertEquals(400, r.rejection().status());
    }

    @Test
    void wildcardRemovalIsOrderedByCallIdAndCSeq() {
        register("c1", 5, "Contact: <sip:alice@192.0.2.10>");
        rejected(register("c1", 4, "Contact: *", "Expires: 0"), Rejection.OUT_OF_ORDER);
        assertEquals(1, live().size());
    }

    @Test
    void lowerCSeqOnTheSameCallIdIsOutOfOrder() {
        register("c1", 5, "Contact: <sip:alice@192.0.2.10>");
        Rejected r = rejected(register("c1", 3, "Contact: <sip:alice@192.0.2.10>;expires=0"),
                Rejection.OUT_OF_ORDER);
        assertEquals(500, r.rejection().status());
        assertEquals(1, live().size(), "an aborted request changes nothing");
    }

    @Test
    void equalCSeqFromADifferentTransactionIsOutOfOrder() {
        register("c1", 5, "Contact: <sip:alice@192.0.2.10>");
        RegisterRequest same = parsed(registerText("c1", 5, "Contact: <sip:alice@192.0.2.10>;expires=0"), "alice");
        RegisterRequest otherBranch = new RegisterRequest(same.aor(), same.aorHost(), same.identity(),
                new RequestId("c1", 5, "z9hG4bK-other"), same.contacts(), same.expires(), same.path(),
                same.supported(), same.require(), same.viaCount(), same.flow());
        rejected(process(otherBranch), Rejection.OUT_OF_ORDER);
    }

    @Test
    void outOfOrderAbortsEveryChangeOfTheRequest() {
        register("c1", 5, "Contact: <sip:alice@192.0.2.10>");
        rejected(register("c1", 4, "Contact: <sip:alice@192.0.2.99>", "Contact: <sip:alice@192.0.2.10>"),
                Rejection.OUT_OF_ORDER);
        assertEquals(List.of("sip:alice@192.0.2.10"), live().stream().map(Binding::contact).toList());
    }

    @Test
    void anotherCallIdUpdatesTheBindingWhateverItsCSeq() {
        register("c1", 50, "Contact: <sip:alice@192.0.2.10>");
        Accepted a = accepted(register("c2", 1, "Contact: <sip:alice@192.0.2.10>", "Expires: 120"));
        assertEquals(1, a.bindings().size());
        assertEquals("c2", a.bindings().get(0).callId());
    }

    @Test
    void redeliveredRegisterGetsTheSameAnswerInsteadOf500() {
        String text = registerText("c1", 7, "Contact: <sip:alice@192.0.2.10>", "Expires: 600");
        Accepted first = accepted(process(parsed(text, "alice")));
        Accepted again = accepted(process(parsed(text, "alice")));
        assertEquals(Kind.REPLAY, again.kind());
        assertFalse(again.changed());
        assertEquals(first.bindings(), again.bindings());
        assertEquals(first.state(), again.state());
    }

    @Test
    void redeliveredWildcardRemovalIsAnsweredAgain() {
        register("c1", 1, "Contact: <sip:alice@192.0.2.10>");
        String text = registerText("c1", 2, "Contact: *", "Expires: 0");
        accepted(process(parsed(text, "alice")));
        Accepted again = accepted(process(parsed(text, "alice")));
        assertTrue(again.bindings().isEmpty());
    }

    @Test
    void ordersContactsByQThenRecency() {
        Accepted a = accepted(register("c1", 1, "Contact: <sip:alice@192.0.2.1>;q=0.1",
                "Contact: <sip:alice@192.0.2.2>;q=0.9", "Contact: <sip:alice@192.0.2.3>;q=0.5"));
        assertEquals(List.of("sip:alice@192.0.2.2", "sip:alice@192.0.2.3", "sip:alice@192.0.2.1"),
                a.bindings().stream().map(Binding::contact).toList());
        assertEquals(List.of(900, 500, 100), a.bindings().stream().map(Binding::q).toList());
        clock.advance(Duration.ofSeconds(1));
        Accepted b = accepted(register("c2", 1, "Contact: <sip:alice@192.0.2.4>"));
        assertEquals("sip:alice@192.0.2.4", b.bindings().get(0).contact(), "no q ranks as 1.0");
        assertEquals(Binding.NO_Q, b.bindings().get(0).q());
    }

    @Test
    void rejectsMalformedQ() {
        rejected(register("c1", 1, "Contact: <sip:alice@192.0.2.1>;q=1.5"), Rejection.BAD_REQUEST);
    }

    @Test
    void queryListsCurrentBindingsWithoutChangingThem() {
        register("c1", 1, "Contact: <sip:alice@192.0.2.10>", "Expires: 600");
        clock.advance(Duration.ofSeconds(200));
        Accepted a = accepted(register("c9", 1));
        assertEquals(Kind.QUERY, a.kind());
        assertFalse(a.changed());
        assertEquals(400, a.bindings().get(0).remainingSeconds(clock.instant()));
    }

    @Test
    void refusesRegisterWithoutAuthenticatedIdentity() {
        RegistrationResult r = process(parsed(registerText("c1", 1, "Contact: <sip:alice@192.0.2.10>"), null));
        assertEquals(403, rejected(r, Rejection.NOT_AUTHENTICATED).rejection().status());
        assertTrue(state.isEmpty());
    }

    @Test
    void refusesRegisterForAnotherUsersAor() {
        rejected(process(parsed(registerText("c1", 1, "Contact: <sip:alice@192.0.2.10>"), "bob")),
                Rejection.NOT_AUTHORIZED);
        rejected(process(parsed(registerText("c1", 1, "Contact: <sip:alice@192.0.2.10>"), "bob@example.com")),
                Rejection.NOT_AUTHORIZED);
        // a peer assertion without a name is no assertion at all
        rejected(process(parsed(registerText("c1", 1, "Contact: <sip:alice@192.0.2.10>"), "peer:")),
                Rejection.NOT_AUTHENTICATED);
        // the auth stage's identity is user@realm; the realm need not be the AOR's domain
        accepted(process(parsed(registerText("c1", 1, "Contact: <sip:alice@192.0.2.10>"), "alice@vouch-realm")));
        accepted(process(parsed(registerText("c1", 2, "Contact: <sip:alice@192.0.2.10>"), "peer:sbc-1")));
    }

    @Test
    void rejectsUnsupportedRequiredExtensionWith420() {
        Rejected r = rejected(register("c1", 1, "Require: path, foo, tdialog", "Contact: <sip:alice@192.0.2.10>"),
                Rejection.BAD_EXTENSION);
        assertEquals(Map.of("Unsupported", "foo, tdialog"), r.headers());
    }

    @Test
    void answers404ForADomainNotServed() {
        config = config.withDomains(Set.of("other.org"));
        rejected(register("c1", 1, "Contact: <sip:alice@192.0.2.10>"), Rejection.NOT_FOUND);
        config = config.withDomains(Set.of("Example.COM"));
        accepted(register("c1", 1, "Contact: <sip:alice@192.0.2.10>"));
    }

    @Test
    void limitsContactsPerAor() {
        config = config.withMaxContactsPerAor(2);
        register("c1", 1, "Contact: <sip:alice@192.0.2.1>", "Contact: <sip:alice@192.0.2.2>");
        rejected(register("c1", 2, "Contact: <sip:alice@192.0.2.3>"), Rejection.TOO_MANY_CONTACTS);
        accepted(register("c1", 3, "Contact: <sip:alice@192.0.2.1>;expires=0", "Contact: <sip:alice@192.0.2.3>"));
        assertEquals(2, live().size());
    }

    @Test
    void expiredBindingsAreNotListedAndDropFromTheNextRecord() {
        register("c1", 1, "Contact: <sip:alice@192.0.2.1>;expires=60", "Contact: <sip:alice@192.0.2.2>;expires=600");
        clock.advance(Duration.ofSeconds(61));
        Accepted q = accepted(register("c2", 1));
        assertEquals(List.of("sip:alice@192.0.2.2"), q.bindings().stream().map(Binding::contact).toList());
        Accepted a = accepted(register("c1", 2, "Contact: <sip:alice@192.0.2.3>"));
        assertEquals(1, a.expired());
        assertEquals(2, a.state().orElseThrow().bindings().size());
    }

    @Test
    void repeatedContactInOneRequestIsNotOutOfOrder() {
        Accepted a = accepted(register("c1", 1, "Contact: <sip:alice@192.0.2.1>;expires=100",
                "Contact: <sip:alice@192.0.2.1>;expires=200"));
        assertEquals(1, a.bindings().size());
        assertEquals(200, a.bindings().get(0).remainingSeconds(clock.instant()));
    }

    private static final String INSTANCE = "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"";

    @Test
    void outboundFlowIsIdentifiedByInstanceAndRegIdAndReplacedOnReRegistration() {
        Accepted a = accepted(register("c1", 1, "Supported: path, outbound",
                "Contact: <sip:alice@192.0.2.10:50060;transport=tcp;ob>;" + INSTANCE + ";reg-id=1"));
        assertTrue(a.outbound());
        Binding b = a.bindings().get(0);
        assertTrue(b.outbound());
        assertEquals("<urn:uuid:00000000-0000-1000-8000-000A95A0E128>", b.instanceId());
        assertEquals(1, b.regId());
        // the UA reconnects from another port with a new Call-ID: the flow binding is replaced, not added
        Accepted again = accepted(register("c2", 1, "Supported: path, outbound",
                "Contact: <sip:alice@192.0.2.10:50070;transport=tcp;ob>;" + INSTANCE + ";reg-id=1"));
        assertEquals(1, again.bindings().size());
        assertEquals("sip:alice@192.0.2.10:50070;transport=tcp;ob", again.bindings().get(0).contact());
        // a second flow of the same instance is a second binding
        Accepted second = accepted(register("c3", 1, "Supported: path, outbound",
                "Contact: <sip:alice@192.0.2.10:50080;transport=tcp;ob>;" + INSTANCE + ";reg-id=2"));
        assertEquals(2, second.bindings().size());
    }

    @Test
    void outboundIsIgnoredBehindAFirstHopWithoutOb() {
        Accepted a = accepted(register("c1", 1, "Via: SIP/2.0/UDP proxy.example.net;branch=z9hG4bKp1",
                "Path: <sip:proxy.example.net;lr>",
                "Contact: <sip:alice@192.0.2.10>;" + INSTANCE + ";reg-id=1"));
        assertFalse(a.outbound());
        assertFalse(a.bindings().get(0).outbound());
        rejected(register("c1", 2, "Via: SIP/2.0/UDP proxy.example.net;branch=z9hG4bKp2", "Supported: outbound",
                "Path: <sip:proxy.example.net;lr>", "Contact: <sip:alice@192.0.2.10>;" + INSTANCE + ";reg-id=1"),
                Rejection.FIRST_HOP_LACKS_OUTBOUND);
    }

    @Test
    void outboundAppliesBehindAFirstHopWhosePathCarriesOb() {
        Accepted a = accepted(register("c1", 1, "Via: SIP/2.0/UDP edge.example.net;branch=z9hG4bKp1",
                "Supported: outbound, path", "Path: <sip:edge.example.net;lr;ob>",
                "Contact: <sip:alice@192.0.2.10>;" + INSTANCE + ";reg-id=1"));
        assertTrue(a.outbound());
        assertEquals(List.of("<sip:edge.example.net;lr;ob>"), a.bindings().get(0).path());
    }

    @Test
    void regIdOnSeveralLiveContactsIsABadRequest() {
        rejected(register("c1", 1, "Contact: <sip:alice@192.0.2.10>;" + INSTANCE + ";reg-id=1",
                "Contact: <sip:alice@192.0.2.11>"), Rejection.BAD_REQUEST);
    }

    @Test
    void storesPathWithTheBinding() {
        Accepted a = accepted(register("c1", 1, "Via: SIP/2.0/UDP p1.example.net;branch=z9hG4bKp1",
                "Path: <sip:p1.example.net;lr>", "Contact: <sip:alice@192.0.2.10>"));
        assertEquals(List.of("<sip:p1.example.net;lr>"), a.bindings().get(0).path());
    }
}
