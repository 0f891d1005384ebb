package io.vouch.registrar.internal;

import io.vouch.proto.AuthAssertion;
import io.vouch.proto.AuthAssertions;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Topics;
import io.vouch.registrar.internal.RegistrationResult.Rejected;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipUri;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Extracts a {@link RegisterRequest} from a decoded REGISTER and its envelope (RFC 3261 §10.3 step 5). */
public final class RegisterParser {
    private RegisterParser() {
    }

    /** The parsed request, or why it cannot be processed. */
    public sealed interface Parsed {
        record Ok(RegisterRequest request) implements Parsed {
        }

        record Invalid(Rejected rejected) implements Parsed {
        }
    }

    public static Parsed parse(SipRequest req, SipEvent event) {
        if (!(req.to().uri() instanceof SipUri to)) {
            // §10.3 step 5: an AOR that is not a SIP URI is not valid for this registrar
            return new Parsed.Invalid(Rejected.of(Rejection.NOT_FOUND, "Not Found"));
        }
        if (!req.cseq().method().equals(req.method())) {
            return new Parsed.Invalid(Rejected.of(Rejection.BAD_REQUEST, "CSeq Method Mismatch"));
        }
        String aor = aorOf(req).orElseThrow();
        RequestId id = new RequestId(req.callId(), req.cseq().sequence(), req.topVia().branch().orElse(""));
        return new Parsed.Ok(new RegisterRequest(aor, to.host().toLowerCase(Locale.ROOT), identity(event), id,
                req.contacts(), req.expires(), req.paths(), lower(req.supported()), lower(req.require()),
                req.vias().size(), event.getFlow()));
    }

    /** The {@link Topics#aorKey} of the To URI, the record key the edge uses; empty when To is not a SIP URI. */
    public static Optional<String> aorOf(SipRequest req) {
        return req.to().uri() instanceof SipUri to ? Optional.of(Topics.aorKey(to.user(), to.host()))
                : Optional.empty();
    }

    /** The identity the auth stage asserted, if any. */
    public static Optional<AuthAssertion> identity(SipEvent event) {
        return AuthAssertions.of(event);
    }

    private static Set<String> lower(java.util.List<String> tags) {
        Set<String> out = new HashSet<>();
        for (String t : tags) {
            out.add(t.toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
