package io.vouch.loadtest;

import io.vouch.loadtest.internal.TlsSipClient;
import io.vouch.media.CryptoAttribute;
import io.vouch.media.SdesAnswerCheck;
import io.vouch.media.srtp.SrtpResult;
import io.vouch.media.srtp.SrtpSession;
import io.vouch.media.srtp.SrtpSuite;
import io.vouch.sip.SipResponse;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The media check: two simulated UAs negotiate SDES (RFC 4568) through Vouch over TLS — A's offer is signed (302 +
 * Identity), B has the same INVITE verified (302, {@code verstat=TN-Validation-Passed}) and answers with its own key
 * (checked by {@link SdesAnswerCheck}) — then exchange SRTP packets (RFC 3711) protected with the negotiated keys in
 * both directions; a replayed packet and a packet from a third party (another key, same SSRC) must be rejected.
 */
public final class MediaCheck {
    /** What to run: the edge's TLS address, the numbers, and how many packets each way. */
    public record Options(String host, int tlsPort, String fromTn, String toTn, int packets) {
        public Options {
            Objects.requireNonNull(host, "host");
            if (packets < 1) {
                throw new IllegalArgumentException("packets must be positive");
            }
        }
    }

    /** One step's outcome; {@code detail} says what was seen. */
    public record Step(String name, boolean passed, String detail) {
    }

    /** Every step in order; the check passed when all did. */
    public record Report(List<Step> steps) {
        public boolean passed() {
            return !steps.isEmpty() && steps.stream().allMatch(Step::passed);
        }
    }

    private static final SrtpSuite SUITE = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
    private static final int PAYLOAD = 160;

    private final TlsSipClient sip;
    private final SecureRandom random = new SecureRandom();

    public MediaCheck(TlsSipClient sip) {
        this.sip = Objects.requireNonNull(sip, "sip");
    }

    /** A check against an edge on this host, trusting its (development) TLS certificate. */
    public static MediaCheck forLoopback(String host, int tlsPort) throws Exception {
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalArgumentException("the media check trusts any TLS certificate: loopback targets only");
        }
        return new MediaCheck(new TlsSipClient(TlsSipClient.trustAnyForLoopback(), host, tlsPort));
    }

    /** Runs the check; network trouble ends it with a failed step rather than an exception. */
    public Report run(Options o) {
        List<Step> steps = new ArrayList<>();
        byte[] offerKey = keySalt();
        String offerLine = "1 " + SUITE.name() + " inline:" + Base64.getEncoder().encodeToString(offerKey);
        String callId = "media-check-" + Long.toHexString(random.nextLong()) + "@" + o.host();
        String sdp = "v=0\r\no=ua-a 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\na=crypto:" + offerLine + "\r\n";
        try {
            SipResponse signed = sip.exchange(invite(o, callId, "a", sdp, ""), 10_000);
            String identity = signed.headers().first("Identity").orElse("");
            steps.add(new Step("offer signed over TLS", signed.status() == 302 && !identity.isEmpty(),
                    signed.status() + " " + signed.reason()));
            if (identity.isEmpty()) {
                return new Report(steps);
            }
            SipResponse verified = sip.exchange(invite(o, callId, "b", sdp, "Identity: " + identity + "\r\n"),
                    10_000);
            String pai = verified.headers().first("P-Asserted-Identity").orElse("");
            steps.add(new Step("B verifies the offer", verified.status() == 302
                    && pai.contains("verstat=TN-Validation-Passed"), verified.status() + " " + pai));
        } catch (java.io.IOException e) {
            steps.add(new Step("signalling over TLS", false, e.getMessage()));
            return new Report(steps);
        }
        byte[] answerKey = keySalt();
        String answerLine = "1 " + SUITE.name() + " inline:" + Base64.getEncoder().encodeToString(answerKey);
        SdesAnswerCheck.Result answer = SdesAnswerCheck.check(List.of(parse(offerLine)), List.of(parse(answerLine)));
        steps.add(new Step("B's answer echoes tag and suite with its own key",
                answer instanceof SdesAnswerCheck.Result.Accepted, answer instanceof SdesAnswerCheck.Result.Refused r
                        ? r.reason() : "accepted"));
        steps.add(media("A to B", offerKey, o.packets()));
        steps.add(media("B to A", answerKey, o.packets()));
        return new Report(steps);
    }

    /** {@code n} packets protected with {@code keySalt} all unprotect; a replay and a third party's packet do not. */
    private Step media(String direction, byte[] keySalt, int n) {
        SrtpSession tx = session(keySalt);
        SrtpSession rx = session(keySalt);
        SrtpSession mallory = session(keySalt());
        int ssrc = random.nextInt();
        byte[] last = null;
        int lastLength = 0;
        int delivered = 0;
        for (int seq = 0; seq < n; seq++) {
            byte[] buf = rtp(ssrc, seq, tx.rtpOverhead());
            int len = tx.protectRtp(buf, 0, 12 + PAYLOAD);
            last = Arrays.copyOf(buf, len);
            lastLength = len;
            delivered += rx.unprotectRtp(buf, 0, len) instanceof SrtpResult.Unprotected u && u.length() == 12 + PAYLOAD
                    ? 1 : 0;
        }
        SrtpResult replay = rx.unprotectRtp(last, 0, lastLength);
        byte[] forged = rtp(ssrc, n, mallory.rtpOverhead());
        SrtpResult third = rx.unprotectRtp(forged, 0, mallory.protectRtp(forged, 0, 12 + PAYLOAD));
        boolean ok = delivered == n && replay instanceof SrtpResult.Rejected r1
                && r1.reason() == SrtpResult.Reason.REPLAYED && third instanceof SrtpResult.Rejected r2
                && r2.reason() == SrtpResult.Reason.AUTHENTICATION_FAILED;
        return new Step("SRTP " + direction, ok, delivered + "/" + n + " delivered, replay " + tag(replay)
                + ", third party " + tag(third));
    }

    private static String tag(SrtpResult r) {
        return r instanceof SrtpResult.Rejected rej ? "rejected (" + rej.reason().tag() + ")" : "ACCEPTED";
    }

    private static SrtpSession session(byte[] keySalt) {
        return SrtpSession.create(SUITE, Arrays.copyOf(keySalt, SUITE.keyLength()),
                Arrays.copyOfRange(keySalt, SUITE.keyLength(), keySalt.length));
    }

    private byte[] rtp(int ssrc, int seq, int overhead) {
        byte[] buf = new byte[12 + PAYLOAD + overhead];
        ByteBuffer.wrap(buf).put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(ssrc);
        byte[] payload = new byte[PAYLOAD];
        random.nextBytes(payload);
        System.arraycopy(payload, 0, buf, 12, PAYLOAD);
        return buf;
    }

    private byte[] keySalt() {
        byte[] k = new byte[SUITE.keyLength() + SUITE.saltLength()];
        random.nextBytes(k);
        return k;
    }

    private static CryptoAttribute parse(String line) {
        return ((CryptoAttribute.CryptoParseResult.Parsed) CryptoAttribute.parse(line)).attribute();
    }

    private static String invite(Options o, String callId, String ua, String sdp, String extra) {
        String branch = "z9hG4bK-mc-" + ua + "-" + Long.toHexString(System.nanoTime());
        return "INVITE sip:+" + o.toTn() + "@" + o.host() + ";user=phone SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 192.0.2.1:5061;branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+" + o.fromTn() + "@" + o.host() + ";user=phone>;tag=mc-" + ua + "\r\n"
                + "To: <sip:+" + o.toTn() + "@" + o.host() + ";user=phone>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:+" + o.fromTn() + "@192.0.2.1:5061;transport=tls>\r\n"
                + extra
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
    }

    /** {@code vouch-loadtest media-check [--target host:tlsport] [--from-tn N] [--to-tn N] [--packets N]}. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        String target = "127.0.0.1:5061";
        String from = "12155550100";
        String to = "12155550101";
        int packets = 1000;
        try {
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--target" -> target = value;
                    case "--from-tn" -> from = value;
                    case "--to-tn" -> to = value;
                    case "--packets" -> packets = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            int colon = target.lastIndexOf(':');
            Options o = new Options(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)), from, to,
                    packets);
            Report r = forLoopback(o.host(), o.tlsPort()).run(o);
            for (Step s : r.steps()) {
                out.println((s.passed() ? "  ok   " : "  FAIL ") + s.name() + ": " + s.detail());
            }
            out.println(r.passed() ? "media check passed" : "media check FAILED");
            return r.passed() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println("vouch-loadtest media-check: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("vouch-loadtest media-check: " + e);
            return 1;
        }
    }
}
