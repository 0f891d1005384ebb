package io.vouch.loadtest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ClientTransactionsTest {

    private static final long MS = 1_000_000L;
    private static final long T1 = 500 * MS;
    private static final long T2 = 4_000 * MS;

    private final TimerQueue timers = new TimerQueue();
    private final ClientTransactions txs = new ClientTransactions(timers, T1, T2, 64 * T1);
    private long now;

    /** A flow that records when each message was sent. */
    private final class RecordingFlow implements SipFlow {
        final boolean reliable;
        final List<Long> sentAt = new ArrayList<>();
        final List<String> sent = new ArrayList<>();

        RecordingFlow(boolean reliable) {
            this.reliable = reliable;
        }

        @Override
        public String transport() {
            return reliable ? "TCP" : "UDP";
        }

        @Override
        public boolean reliable() {
            return reliable;
        }

        @Override
        public String localHostPort() {
            return "127.0.0.1:5999";
        }

        @Override
        public void send(byte[] message, Consumer<Throwable> onError) {
            sentAt.add(now / MS);
            sent.add(new String(message, StandardCharsets.UTF_8));
        }
    }

    private static final class User implements TransactionUser {
        final List<String> events = new ArrayList<>();

        @Override
        public void onProvisional(SipResponse r) {
            events.add("provisional " + r.status());
        }

        @Override
        public void onFinal(SipResponse r) {
            events.add("final " + r.status());
        }

        @Override
        public void onTimeout() {
            events.add("timeout");
        }

        @Override
        public void onTransportError(Throwable cause) {
            events.add("error");
        }

        @Override
        public void onTransmitted(boolean retransmission) {
        }

        @Override
        public byte[] ackFor(SipResponse r) {
            return ("ACK for " + r.status()).getBytes(StandardCharsets.UTF_8);
        }
    }

    private void runUntil(long ms) {
        while (now < ms * MS) {
            now += MS;
            timers.runDue(now);
        }
    }

    private static SipResponse response(int status, String branch, String method) {
        String text = "SIP/2.0 " + status + " X\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=" + branch + "\r\n"
                + "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c1\r\nCSeq: 1 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        return (SipResponse) ((DecodeResult.Parsed) new SipMessageDecoder()
                .decode(text.getBytes(StandardCharsets.UTF_8))).message();
    }

    @Test
    void nonInviteOverUdpRetransmitsDoublingFromT1CappedAtT2UntilTimerF() {
        RecordingFlow flow = new RecordingFlow(false);
        User user = new User();
        txs.start("z9hG4bK1", "OPTIONS", new byte[] {1}, flow, user, now);
        runUntil(40_000);

        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L),
                flow.sentAt);
        assertEquals(List.of("timeout"), user.events);
        assertEquals(0, txs.active());
    }

    @Test
    void inviteOverUdpRetransmitsDoublingWithoutCapUntilTimerB() {
        RecordingFlow flow = new RecordingFlow(false);
        User user = new User();
        txs.start("z9hG4bK1", "INVITE", new byte[] {1}, flow, user, now);
        runUntil(40_000);

        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L), flow.sentAt);
        assertEquals(List.of("timeout"), user.events);
    }

    @Test
    void provisionalResponseStopsInviteRetransmissionsAndSlowsNonInviteToT2() {
        RecordingFlow invite = new RecordingFlow(false);
        RecordingFlow options = new RecordingFlow(false);
        User inviteUser = new User();
        txs.start("z9hG4bKi", "INVITE", new byte[] {1}, invite, inviteUser, now);
        txs.start("z9hG4bKo", "OPTIONS", new byte[] {1}, options, new User(), now);
        runUntil(600);
        assertTrue(txs.onResponse(response(100, "z9hG4bKi", "INVITE"), now));
        assertTrue(txs.onResponse(response(100, "z9hG4bKo", "OPTIONS"), now));
        runUntil(10_000);

        assertEquals(List.of(0L, 500L), invite.sentAt);
        // Timer E was already running (due at 1500 ms); after it fires, T2 intervals.
        assertEquals(List.of(0L, 500L, 1500L, 5500L, 9500L), options.sentAt);
        assertEquals(List.of("provisional 100"), inviteUser.events);
        runUntil(33_000);
        assertEquals(List.of("provisional 100", "timeout"), inviteUser.events, "a call is bounded at 64*T1");
    }

    @Test
    void reliableTransportNeverRetransmitsButStillTimesOut() {
        RecordingFlow flow = new RecordingFlow(true);
        User user = new User();
        txs.start("z9hG4bK1", "REGISTER", new byte[] {1}, flow, user, now);
        runUntil(31_999);
        assertEquals(List.of(0L), flow.sentAt);
        assertEquals(List.of(), user.events);
        runUntil(32_000);
        assertEquals(List.of("timeout"), user.events);
    }

    @Test
    void nonSuccessFinalToInviteIsAckedByTheTransactionAndLaterCopiesAreStray() {
        RecordingFlow flow = new RecordingFlow(false);
        User user = new User();
        txs.start("z9hG4bK1", "INVITE", new byte[] {1}, flow, user, now);
        runUntil(10);

        assertTrue(txs.onResponse(response(302, "z9hG4bK1", "INVITE"), now));
        assertEquals("ACK for 302", flow.sent.getLast());
        assertEquals(List.of("final 302"), user.events);
        assertFalse(txs.onResponse(response(302, "z9hG4bK1", "INVITE"), now), "retransmitted final is stray");
        runUntil(40_000);
        assertEquals(2, flow.sent.size(), "no retransmission after the final response");
    }

    @Test
    void successFinalToInviteIsNotAckedByTheTransaction() {
        RecordingFlow flow = new RecordingFlow(false);
        txs.start("z9hG4bK1", "INVITE", new byte[] {1}, flow, new User(), now);
        assertTrue(txs.onResponse(response(200, "z9hG4bK1", "INVITE"), now));
        assertEquals(1, flow.sent.size());
    }

    @Test
    void responsesMatchOnBranchAndCseqMethod() {
        RecordingFlow flow = new RecordingFlow(false);
        User user = new User();
        txs.start("z9hG4bK1", "INVITE", new byte[] {1}, flow, user, now);

        assertFalse(txs.onResponse(response(200, "z9hG4bK1", "CANCEL"), now));
        assertFalse(txs.onResponse(response(200, "z9hG4bK2", "INVITE"), now));
        assertEquals(List.of(), user.events);
        assertEquals(1, txs.active());
    }
}
