package io.vouch.smime.internal;

import io.vouch.sdp.ContentType;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipUri;
import io.vouch.sip.Uri;
import io.vouch.smime.MimeEntity;
import io.vouch.smime.TunnelledSip.Result;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the header fields of a {@code message/sip} or {@code message/sipfrag} body and compares them (RFC 3893 §6). */
public final class SipFragment {
    private static final Map<String, String> COMPACT = Map.of("f", "From", "t", "To", "i", "Call-ID", "m", "Contact");

    private SipFragment() {
    }

    public static Result check(SipRequest outer, MimeEntity tunnelled, Instant now, Duration maxSkew) {
        try {
            return checkChecked(outer, tunnelled, now, maxSkew);
        } catch (RuntimeException e) {
            return new Result.Malformed("malformed tunnelled message");
        }
    }

    private static Result checkChecked(SipRequest outer, MimeEntity tunnelled, Instant now, Duration maxSkew) {
        Optional<ContentType> ct = tunnelled.parsedContentType();
        boolean full = ct.map(c -> c.is("message", "sip")).orElse(false);
        boolean frag = ct.map(c -> c.is("message", "sipfrag")).orElse(false);
        if (!full && !frag) {
            return new Result.Malformed("not message/sip or message/sipfrag");
        }
        byte[] bytes = tunnelled.content();
        int start = 0;
        if (full || startsWithStartLine(bytes)) {
            int nl = indexOf(bytes, 0);
            if (nl < 0) {
                return new Result.Malformed("tunnelled start line not terminated");
            }
            String startLine = new String(bytes, 0, nl, java.nio.charset.StandardCharsets.UTF_8).strip();
            if (full && !startLine.startsWith(outer.method() + " ")) {
                return new Result.Mismatch("method");
            }
            start = nl + 1;
        }
        byte[] block = bytes;
        if (indexOfBlankLine(bytes, start) < 0) {
            // a fragment may end right after its last header line
            block = java.util.Arrays.copyOf(bytes, bytes.length + 2);
            block[bytes.length] = '\r';
            block[bytes.length + 1] = '\n';
        }
        Optional<MimeText.HeaderBlock> parsed = MimeText.headerBlock(block, start, block.length);
        if (parsed.isEmpty()) {
            return new Result.Malformed("malformed tunnelled headers");
        }
        List<MimeEntity.Header> headers = parsed.get().headers().stream()
            .map(h -> new MimeEntity.Header(COMPACT.getOrDefault(h.name().toLowerCase(Locale.ROOT), h.name()), h.value()))
            .toList();
        for (String required : List.of("From", "Call-ID", "CSeq", "Date")) {
            if (first(headers, required).isEmpty()) {
                return new Result.Mismatch(required);
            }
        }
        if (!sameAddress(first(headers, "From").get(), outer.headers().first("From"), true)) {
            return new Result.Mismatch("From");
        }
        Optional<String> to = first(headers, "To");
        if (to.isPresent() && !sameAddress(to.get(), outer.headers().first("To"), false)) {
            return new Result.Mismatch("To");
        }
        if (!first(headers, "Call-ID").get().equals(outer.callId())) {
            return new Result.Mismatch("Call-ID");
        }
        String[] cseq = first(headers, "CSeq").get().trim().split("\\s+");
        if (cseq.length != 2 || !cseq[0].equals(Long.toString(outer.cseq().sequence()))
            || !cseq[1].equals(outer.cseq().method())) {
            return new Result.Mismatch("CSeq");
        }
        Optional<Instant> date = date(first(headers, "Date").get());
        Optional<String> outerDate = outer.headers().first("Date");
        if (date.isEmpty() || (outerDate.isPresent() && !date.equals(date(outerDate.get())))
            || Duration.between(date.get(), now).abs().compareTo(maxSkew) > 0) {
            return new Result.Mismatch("Date");
        }
        Optional<String> contact = first(headers, "Contact");
        if (contact.isPresent() && !sameAddress(contact.get(), outer.headers().first("Contact"), false)) {
            return new Result.Mismatch("Contact");
        }
        return new Result.Consistent(headers);
    }

    private static boolean startsWithStartLine(byte[] bytes) {
        int nl = indexOf(bytes, 0);
        String line = new String(bytes, 0, nl < 0 ? bytes.length : nl, java.nio.charset.StandardCharsets.UTF_8);
        return line.endsWith("SIP/2.0") || line.endsWith("SIP/2.0\r") || line.startsWith("SIP/2.0 ");
    }

    private static Optional<String> first(List<MimeEntity.Header> headers, String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(MimeEntity.Header::value).findFirst();
    }

    /** Same URI (a SIP URI compared by user, host and port) and, when asked or present in both, the same tag. */
    private static boolean sameAddress(String inner, Optional<String> outer, boolean tagRequired) {
        if (outer.isEmpty()) {
            return false;
        }
        Optional<String> a = uri(inner);
        Optional<String> b = uri(outer.get());
        if (a.isEmpty() || b.isEmpty() || !sameUri(a.get(), b.get())) {
            return false;
        }
        Optional<String> ta = tag(inner);
        Optional<String> tb = tag(outer.get());
        return tagRequired || (ta.isPresent() && tb.isPresent()) ? ta.equals(tb) : true;
    }

    private static boolean sameUri(String a, String b) {
        Optional<Uri> ua = Uri.parse(a);
        Optional<Uri> ub = Uri.parse(b);
        if (ua.isPresent() && ub.isPresent() && ua.get() instanceof SipUri sa && ub.get() instanceof SipUri sb) {
            return sa.secure() == sb.secure() && java.util.Objects.equals(sa.user(), sb.user())
                && sa.host().equalsIgnoreCase(sb.host()) && sa.port() == sb.port();
        }
        return a.equals(b);
    }

    private static Optional<String> uri(String value) {
        String v = value.strip();
        int lt = v.indexOf('<');
        if (lt >= 0) {
            int gt = v.indexOf('>', lt);
            return gt < 0 ? Optional.empty() : Optional.of(v.substring(lt + 1, gt).strip());
        }
        int semi = v.indexOf(';');
        return Optional.of(semi < 0 ? v : v.substring(0, semi).strip());
    }

    private static Optional<String> tag(String value) {
        int gt = value.lastIndexOf('>');
        String params = gt >= 0 ? value.substring(gt + 1) : value.substring(Math.max(0, value.indexOf(';')));
        for (String p : params.split(";")) {
            String t = p.strip();
            if (t.regionMatches(true, 0, "tag=", 0, 4)) {
                return Optional.of(t.substring(4));
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> date(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfBlankLine(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n' && (i == from || b[i - 1] == '\n' || (b[i - 1] == '\r' && i >= 2 && b[i - 2] == '\n'))) {
                return i;
            }
        }
        return -1;
    }
}
