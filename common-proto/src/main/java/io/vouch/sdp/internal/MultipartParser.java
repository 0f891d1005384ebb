package io.vouch.sdp.internal;

import io.vouch.sdp.BodyPart;
import io.vouch.sdp.MultipartBody.Result;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Splits a multipart body at {@code --boundary} delimiter lines (RFC 2046 §5.1.1): a preamble before the first
 * delimiter and an epilogue after the close delimiter are ignored; each part is header fields, an empty line and
 * content. Accepts LF alone as line end since some SIP stacks send it.
 */
public final class MultipartParser {
    private final String delimiter;
    private final int maxParts;

    public MultipartParser(String boundary, int maxParts) {
        this.delimiter = "--" + boundary;
        this.maxParts = maxParts;
    }

    public Result parse(byte[] body) {
        // ISO-8859-1 maps each octet to one char, so string offsets are byte offsets
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int at = findDelimiter(text, 0);
        if (at < 0) {
            return new Result.Malformed("multipart boundary not found");
        }
        List<BodyPart> parts = new ArrayList<>();
        while (true) {
            int afterDelimiter = at + delimiter.length();
            if (text.startsWith("--", afterDelimiter)) {
                return parts.isEmpty() ? new Result.Malformed("multipart body without parts") : new Result.Parts(parts);
            }
            int lineEnd = text.indexOf('\n', afterDelimiter);
            if (lineEnd < 0 || !text.substring(afterDelimiter, lineEnd).replace("\r", "").isBlank()) {
                return new Result.Malformed("malformed multipart delimiter line");
            }
            int start = lineEnd + 1;
            int next = findDelimiter(text, start);
            if (next < 0) {
                return new Result.Malformed("multipart close delimiter missing");
            }
            if (parts.size() == maxParts) {
                return new Result.Malformed("too many multipart parts");
            }
            int end = next;
            if (end > start && text.charAt(end - 1) == '\n') {
                end--;
                if (end > start && text.charAt(end - 1) == '\r') {
                    end--;
                }
            }
            BodyPart part = part(text, body, start, Math.max(start, end));
            if (part == null) {
                return new Result.Malformed("malformed multipart part headers");
            }
            parts.add(part);
            at = next;
        }
    }

    /** The next delimiter at a line start at or after {@code from}, or -1. */
    private int findDelimiter(String text, int from) {
        int i = from;
        while ((i = text.indexOf(delimiter, i)) >= 0) {
            if (i == 0 || text.charAt(i - 1) == '\n') {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static BodyPart part(String text, byte[] body, int start, int end) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        int pos = start;
        while (pos < end) {
            int nl = text.indexOf('\n', pos);
            int lineEnd = nl < 0 || nl > end ? end : nl;
            String line = text.substring(pos, lineEnd);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            pos = Math.min(end, lineEnd + 1);
            if (line.isEmpty()) {
                return new BodyPart(headers, Arrays.copyOfRange(body, pos, end));
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !headers.isEmpty()) {
                Map.Entry<String, String> last = headers.remove(headers.size() - 1);
                headers.add(new AbstractMap.SimpleImmutableEntry<>(last.getKey(), last.getValue() + " " + line.strip()));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !SdpSyntax.isToken(line.substring(0, colon).strip())) {
                return null;
            }
            headers.add(new AbstractMap.SimpleImmutableEntry<>(line.substring(0, colon).strip(),
                line.substring(colon + 1).strip()));
        }
        // header fields with no empty line before the delimiter: the content is empty
        return new BodyPart(headers, new byte[0]);
    }
}
