package io.vouch.identity.internal.stage;

import io.vouch.identity.internal.passport.TnCanonicalizer;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipUri;
import io.vouch.sip.TelUri;
import io.vouch.sip.Uri;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the identity stage reads from an INVITE (RFC 8224 §5, §8.3): the originating identity from
 * P-Asserted-Identity or From, destination numbers from To or the Request-URI, the Date header, and the number a
 * call was diverted from (Diversion, else the first History-Info entry; RFC 8946 §4).
 */
public record SipView(Optional<String> origTn, Optional<String> origUri, Uri origAddress, List<String> destTns,
                      Optional<Instant> date, Optional<String> divertedFromTn) {

    public static SipView of(SipRequest req, TnCanonicalizer tn) {
        Uri origAddress = req.from().uri();
        Optional<String> origTn = Optional.empty();
        for (String pai : req.headers().all("P-Asserted-Identity")) {
            Optional<Uri> u = Uri.parse(uriText(pai));
            if (u.isPresent()) {
                Optional<String> t = tn.fromUri(u.get().toString());
                if (t.isPresent()) {
                    origTn = t;
                    origAddress = u.get();
                    break;
                }
            }
        }
        if (origTn.isEmpty()) {
            origTn = tn.fromUri(req.from().uri().toString());
        }
        Optional<String> origUri = Optional.of(addressOfRecord(req.from().uri()));
        List<String> dest = new ArrayList<>(1);
        tn.fromUri(req.to().uri().toString()).or(() -> tn.fromUri(req.requestUri().toString())).ifPresent(dest::add);
        Optional<Instant> date = req.headers().first("Date").flatMap(SipView::httpDate);
        Optional<String> diverted = Optional.empty();
        List<String> diversion = req.headers().all("Diversion");
        List<String> history = req.headers().all("History-Info");
        String first = !diversion.isEmpty() ? diversion.getFirst() : !history.isEmpty() ? history.getFirst() : null;
        if (first != null) {
            diverted = Uri.parse(uriText(first)).flatMap(u -> tn.fromUri(u.toString()))
                    .filter(d -> !dest.contains(d));
        }
        return new SipView(origTn, origUri, origAddress, dest, date, diverted);
    }

    /** The URI inside {@code <...>}, or the text before the first {@code ;} for a bare addr-spec. */
    static String uriText(String nameAddr) {
        int lt = nameAddr.indexOf('<');
        if (lt >= 0) {
            int gt = nameAddr.indexOf('>', lt);
            return gt > lt ? nameAddr.substring(lt + 1, gt).strip() : "";
        }
        int semi = nameAddr.indexOf(';');
        return (semi < 0 ? nameAddr : nameAddr.substring(0, semi)).strip();
    }

    /** {@code scheme:user@host} without parameters: the form a PASSporT {@code uri} identity compares against. */
    static String addressOfRecord(Uri u) {
        return switch (u) {
            case SipUri s -> s.scheme() + ":" + (s.user().isEmpty() ? "" : s.user() + "@")
                    + s.host().toLowerCase(Locale.ROOT);
            default -> u.toString();
        };
    }

    /** The URI with a {@code verstat} parameter (TS 24.229 §7.2A.20), for P-Asserted-Identity in a 302. */
    public static String withVerstat(Uri u, String verstat) {
        return switch (u) {
            case SipUri s -> s.withParam("verstat", verstat).toString();
            case TelUri t -> {
                Map<String, String> p = new java.util.LinkedHashMap<>(t.params());
                p.put("verstat", verstat);
                yield new TelUri(t.number(), p).toString();
            }
            default -> u.toString();
        };
    }

    static Optional<Instant> httpDate(String s) {
        try {
            return Optional.of(ZonedDateTime.parse(s.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
