package io.vouch.identity.internal.passport;

import io.vouch.proto.MkyDigest;
import io.vouch.proto.SipEvent;
import io.vouch.sdp.Fingerprint;
import io.vouch.sdp.Mky;
import io.vouch.sdp.SdpBodies;
import io.vouch.sdp.SdpDecodeResult;
import io.vouch.sdp.SdpDecoder;
import io.vouch.sip.SipRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PASSporT {@code mky} claim (RFC 8225 §5.2.2) on both sides: the JSON value a signer adds from the media
 * stage's annotation, and the check of a verified PASSporT's {@code mky} against the fingerprints of the INVITE's
 * SDP (hex case and colons ignored, by {@link Mky#check}).
 */
public final class MkyClaims {
    /** The PASSporT claim name. */
    public static final String KEY = "mky";

    private MkyClaims() {
    }

    /**
     * The {@code mky} JSON array ({@code [{"alg":…, "dig":…}]}, sorted) for the fingerprints the media stage found,
     * if any; an entry that is not a valid fingerprint is left out.
     */
    public static Optional<List<Map<String, Object>>> forSigning(SipEvent event) {
        List<Fingerprint> fps = new ArrayList<>();
        for (MkyDigest d : event.getMedia().getMkyList()) {
            if (Fingerprint.parse(d.getAlg() + " " + d.getDig()) instanceof Fingerprint.ParseResult.Parsed p) {
                fps.add(p.fingerprint());
            }
        }
        if (fps.isEmpty()) {
            return Optional.empty();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Mky.Entry e : Mky.of(fps)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alg", e.alg());
            m.put("dig", e.dig());
            out.add(m);
        }
        return Optional.of(out);
    }

    /**
     * Checks every verified PASSporT carrying {@code mky} against the SDP of {@code req}: the first mismatch (an
     * ill-typed {@code mky} counts as one) wins, then a match; without any {@code mky}, {@code Absent} or
     * {@code NotApplicable} as the SDP has fingerprints or not.
     */
    public static Mky.Check check(List<Passport> passports, SipRequest req) {
        List<Fingerprint> sdp = fingerprints(req);
        Mky.Check result = null;
        for (Passport p : passports) {
            Object claim = p.claims().extra().get(KEY);
            if (claim == null) {
                continue;
            }
            Optional<List<Mky.Entry>> entries = entries(claim);
            if (entries.isEmpty()) {
                return new Mky.Check.Mismatch(List.of(), Mky.of(sdp));
            }
            Mky.Check c = Mky.check(entries, sdp);
            if (c instanceof Mky.Check.Mismatch) {
                return c;
            }
            result = c;
        }
        return result != null ? result : Mky.check(Optional.empty(), sdp);
    }

    /** The metric tag of a check result. */
    public static String tag(Mky.Check c) {
        return switch (c) {
            case Mky.Check.Match m -> "match";
            case Mky.Check.Mismatch m -> "mismatch";
            case Mky.Check.Absent a -> "absent";
            case Mky.Check.NotApplicable n -> "not_applicable";
        };
    }

    private static Optional<List<Mky.Entry>> entries(Object claim) {
        if (!(claim instanceof List<?> list)) {
            return Optional.empty();
        }
        List<Mky.Entry> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("alg") instanceof String alg)
                    || !(m.get("dig") instanceof String dig)) {
                return Optional.empty();
            }
            out.add(new Mky.Entry(alg, dig));
        }
        return Optional.of(out);
    }

    /** The well-formed fingerprints of every SDP in the body; a body that does not parse has none. */
    static List<Fingerprint> fingerprints(SipRequest req) {
        if (!mentionsFingerprint(req.body())) {
            return List.of(); // most INVITEs: no a=fingerprint anywhere, so nothing to parse
        }
        if (!(SdpBodies.locate(req.headers().first("Content-Type"), req.body()) instanceof SdpBodies.Located.Found f)) {
            return List.of();
        }
        SdpDecoder decoder = new SdpDecoder();
        List<Fingerprint> out = new ArrayList<>();
        for (byte[] sdp : f.sdps()) {
            if (decoder.decode(sdp) instanceof SdpDecodeResult.Parsed p) {
                out.addAll(Fingerprint.allIn(p.description()));
            }
        }
        return out;
    }

    private static final byte[] FINGERPRINT = "fingerprint".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Whether {@code body} contains "fingerprint" in any letter case (every SDP fingerprint attribute does). */
    static boolean mentionsFingerprint(byte[] body) {
        outer:
        for (int i = 0, last = body.length - FINGERPRINT.length; i <= last; i++) {
            for (int j = 0; j < FINGERPRINT.length; j++) {
                if ((body[i + j] | 0x20) != FINGERPRINT[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
