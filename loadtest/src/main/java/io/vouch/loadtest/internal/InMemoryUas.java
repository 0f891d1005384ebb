package io.vouch.loadtest.internal;

import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessage;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A flow whose far end is an in-process UAS answering at once, through the real encoder and decoder: OPTIONS 200;
 * REGISTER 401 then 200 once credentials come; INVITE 407 then 302 with Identity, or 302 with verstat when it
 * carries Identity. It checks no credentials. Used to warm the engine up before a run and in engine tests.
 */
public final class InMemoryUas implements SipFlow {

    private final SipMessageDecoder decoder = new SipMessageDecoder();
    private final SipMessageEncoder encoder = new SipMessageEncoder();
    private final Consumer<SipMessage> deliver;
    private long received;

    /** @param deliver receives each response, decoded from its bytes (normally {@code engine::onMessage}) */
    public InMemoryUas(Consumer<SipMessage> deliver) {
        this.deliver = deliver;
    }

    /** Requests received so far, ACKs included. */
    public long received() {
        return received;
    }

    @Override
    public String transport() {
        return "UDP";
    }

    @Override
    public boolean reliable() {
        return false;
    }

    @Override
    public String localHostPort() {
        return "127.0.0.1:5999";
    }

    @Override
    public void send(byte[] message, Consumer<Throwable> onError) {
        received++;
        answer(message).ifPresent(bytes -> {
            if (decoder.decode(bytes) instanceof DecodeResult.Parsed r) {
                deliver.accept(r.message());
            }
        });
    }

    /** The encoded response to an encoded request; empty for an ACK or anything that is not a request. */
    public Optional<byte[]> answer(byte[] request) {
        if (decoder.decode(request) instanceof DecodeResult.Parsed p && p.message() instanceof SipRequest req
                && !req.method().equals("ACK")) {
            return Optional.of(encoder.encode(answer(req)));
        }
        return Optional.empty();
    }

    private static SipResponse answer(SipRequest req) {
        return switch (req.method()) {
            case "REGISTER" -> req.authorizations().isEmpty()
                    ? challenge(req, 401, "WWW-Authenticate")
                    : SipResponse.forRequest(req, 200, "OK").build();
            case "INVITE" -> {
                if (!req.identities().isEmpty()) {
                    yield SipResponse.forRequest(req, 302, "Moved Temporarily")
                            .header("Contact", "<" + req.requestUriText() + ">")
                            .header("P-Asserted-Identity", "<sip:+1@x;verstat=TN-Validation-Passed>").build();
                }
                yield req.proxyAuthorizations().isEmpty()
                        ? challenge(req, 407, "Proxy-Authenticate")
                        : SipResponse.forRequest(req, 302, "Moved Temporarily")
                                .header("Contact", "<" + req.requestUriText() + ">")
                                .header("Identity", "a.b.c;info=<https://127.0.0.1/c.pem>;alg=ES256;ppt=shaken")
                                .build();
            }
            default -> SipResponse.forRequest(req, 200, "OK").build();
        };
    }

    private static SipResponse challenge(SipRequest req, int status, String header) {
        String reason = status == 401 ? "Unauthorized" : "Proxy Authentication Required";
        return SipResponse.forRequest(req, status, reason)
                .header(header, "Digest realm=\"warm.up\", nonce=\"" + req.callId().hashCode()
                        + "\", qop=\"auth\", algorithm=SHA-256")
                .header(header, "Digest realm=\"warm.up\", nonce=\"" + req.callId().hashCode()
                        + "\", qop=\"auth\", algorithm=MD5").build();
    }
}
