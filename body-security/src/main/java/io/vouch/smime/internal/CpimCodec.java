package io.vouch.smime.internal;

import io.vouch.smime.CpimMessage;
import io.vouch.smime.MimeEntity;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** RFC 3862 §3 syntax: message header lines without folding, an empty line, then a MIME entity. */
public final class CpimCodec {
    private static final int MAX_HEADERS = 64;

    private CpimCodec() {
    }

    public static CpimMessage.Result parse(byte[] bytes) {
        try {
            return parseChecked(bytes);
        } catch (RuntimeException e) {
            return new CpimMessage.Result.Malformed("malformed CPIM");
        }
    }

    private static CpimMessage.Result parseChecked(byte[] bytes) {
        List<MimeEntity.Header> headers = new ArrayList<>();
        int pos = 0;
        while (true) {
            int nl = indexOf(bytes, pos);
            if (nl < 0) {
                return new CpimMessage.Result.Malformed("CPIM header block not terminated");
            }
            int end = nl > pos && bytes[nl - 1] == '\r' ? nl - 1 : nl;
            String line = new String(bytes, pos, end - pos, StandardCharsets.UTF_8);
            pos = nl + 1;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            // RFC 3862 §3.3: no folding; a name is a token with an optional "prefix." namespace
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                || !MimeText.isFieldName(line.substring(0, colon)) || headers.size() == MAX_HEADERS) {
                return new CpimMessage.Result.Malformed("malformed CPIM header");
            }
            String value = line.substring(colon + 1).strip();
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                return new CpimMessage.Result.Malformed("malformed CPIM header");
            }
            headers.add(new MimeEntity.Header(line.substring(0, colon), value));
        }
        if (headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("From"))) {
            return new CpimMessage.Result.Malformed("CPIM From missing");
        }
        Optional<MimeEntity> inner = MimeText.parseEntity(Arrays.copyOfRange(bytes, pos, bytes.length));
        if (inner.isEmpty()) {
            return new CpimMessage.Result.Malformed("malformed CPIM content headers");
        }
        CpimMessage message = new CpimMessage(headers, inner.get());
        if (message.header("DateTime").isPresent() && message.dateTime().isEmpty()) {
            return new CpimMessage.Result.Malformed("malformed CPIM DateTime");
        }
        if (message.fromUri().isEmpty()) {
            return new CpimMessage.Result.Malformed("malformed CPIM From");
        }
        return new CpimMessage.Result.Parsed(message);
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The URI between angle brackets (RFC 3862 §3.2.1: {@code [Formal-name] "<" URI ">"}). */
    public static Optional<String> uriOf(String value) {
        int lt = value.lastIndexOf('<');
        int gt = value.lastIndexOf('>');
        if (lt < 0 || gt < lt + 2) {
            return Optional.empty();
        }
        return Optional.of(value.substring(lt + 1, gt).strip());
    }

    /** {@code [name] <URI>} as given, or a bare URI put in angle brackets. */
    public static String nameAddr(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("CPIM address: " + value);
        }
        return v.indexOf('<') >= 0 ? v : "<" + v + ">";
    }

    public static Optional<OffsetDateTime> dateTime(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
