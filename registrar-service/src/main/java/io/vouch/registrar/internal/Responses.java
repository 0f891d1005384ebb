package io.vouch.registrar.internal;

import io.vouch.registrar.Binding;
import io.vouch.registrar.RegistrarConfig;
import io.vouch.runtime.sip.SipCapabilities;
import io.vouch.runtime.sip.StageReplies;
import io.vouch.sip.NameAddr;
import io.vouch.sip.SipDate;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the registrar's responses: the REGISTER 200 listing every current contact with its remaining expiry
 * (RFC 3261 §10.3 step 8) plus Path (RFC 3327 §5.3) and {@code Require: outbound} (RFC 5626 §6), rejections, and the
 * OPTIONS capabilities answer (RFC 3261 §11.2).
 */
public final class Responses {
    static final String SUPPORTED = SipCapabilities.supportedHeader();

    private final RegistrarConfig config;

    public Responses(RegistrarConfig config) {
        this.config = config;
    }

    /** The 200 to an accepted REGISTER. */
    public SipResponse registerOk(SipRequest req, RegisterRequest parsed, RegistrationResult.Accepted a, Instant now) {
        SipResponse.Builder b = StageReplies.response(req, 200, "OK");
        boolean gruu = parsed.supported().contains("gruu");
        for (Binding binding : a.bindings()) {
            b.header("Contact", contactValue(binding, now) + (gruu ? gruuParams(parsed.aor(), binding) : ""));
        }
        if (a.outbound()) {
            b.header("Require", "outbound");
        }
        if (parsed.supported().contains("path")) {
            for (NameAddr p : parsed.path()) {
                b.header("Path", p.toString());
            }
        }
        b.header("Supported", SUPPORTED);
        if (config.dateHeader()) {
            b.header("Date", SipDate.format(now));
        }
        return b.build();
    }

    /** A rejection with its status, reason and extra headers (Min-Expires, Unsupported). */
    public SipResponse rejected(SipRequest req, RegistrationResult.Rejected r) {
        SipResponse.Builder b = StageReplies.response(req, r.rejection().status(), r.detail());
        new TreeMap<>(r.headers()).forEach(b::header);
        return b.build();
    }

    /** A plain response with {@code status} and {@code reason} and optional extra headers. */
    public SipResponse plain(SipRequest req, int status, String reason, Map<String, String> headers) {
        SipResponse.Builder b = StageReplies.response(req, status, reason);
        new TreeMap<>(headers).forEach(b::header);
        return b.build();
    }

    /** 200 to OPTIONS with the capabilities of RFC 3261 §11.2. */
    public SipResponse optionsOk(SipRequest req) {
        return StageReplies.response(req, 200, "OK")
                .header("Allow", allow())
                .header("Supported", SUPPORTED)
                .header("Accept", config.accept())
                .header("Accept-Encoding", config.acceptEncoding())
                .header("Accept-Language", config.acceptLanguage())
                .build();
    }

    /** 405 with Allow for a method the registrar does not handle (RFC 3261 §8.2.1). */
    public SipResponse methodNotAllowed(SipRequest req) {
        return StageReplies.response(req, 405, "Method Not Allowed").header("Allow", allow()).build();
    }

    /** 420 listing the unsupported Require option tags (RFC 3261 §8.2.2.3). */
    public SipResponse badExtension(SipRequest req, List<String> unsupported) {
        return StageReplies.response(req, 420, "Bad Extension")
                .header("Unsupported", String.join(", ", unsupported)).build();
    }

    private String allow() {
        return String.join(", ", config.allow());
    }

    /** {@code <uri>;params;expires=N[;q=x]} for one binding. */
    static String contactValue(Binding b, Instant now) {
        StringBuilder sb = new StringBuilder(96).append('<').append(b.contact()).append('>');
        b.contactParams().forEach((k, v) -> {
            sb.append(';').append(k);
            if (!v.isEmpty()) {
                sb.append('=').append(v);
            }
        });
        sb.append(";expires=").append(b.remainingSeconds(now));
        if (b.q() != Binding.NO_Q) {
            sb.append(";q=").append(qText(b.q()));
        }
        return sb.toString();
    }

    /** RFC 5627 §6: {@code ;pub-gruu="...";temp-gruu="..."} for a contact with an instance, else empty. */
    static String gruuParams(String aor, Binding b) {
        if (b.instanceId().isEmpty() || aor.indexOf('@') <= 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(160).append(";pub-gruu=\"")
                .append(Gruus.publicGruu(aor, b.instanceId())).append('"');
        if (!b.tempGruu().isEmpty()) {
            sb.append(";temp-gruu=\"").append(Gruus.temporaryGruu(aor, b.tempGruu())).append('"');
        }
        return sb.toString();
    }

    /** RFC 3261 §25.1 qvalue from thousandths: {@code 1.0}, {@code 0.5}, {@code 0.125}, {@code 0.0}. */
    static String qText(int thousandths) {
        if (thousandths >= 1000) {
            return "1.0";
        }
        if (thousandths <= 0) {
            return "0.0";
        }
        String digits = String.format(Locale.ROOT, "%03d", thousandths);
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return "0." + digits.substring(0, end);
    }
}
