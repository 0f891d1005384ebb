package io.vouch.smime.internal;

import io.vouch.smime.MimeEntity;
import io.vouch.smime.MimeEntity.Header;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.mime.encoding.QuotedPrintableInputStream;

/** Header blocks, transfer encodings and line-end canonicalisation of MIME text (RFC 2045, RFC 5322 §2.2). */
public final class MimeText {
    private static final int BASE64_LINE = 64;

    private MimeText() {
    }

    /** A header block and its end: the offset where the content starts. */
    public record HeaderBlock(List<Header> headers, int contentStart) {
    }

    /** Parses header fields from {@code start} up to and including the empty line; empty on malformed fields. */
    public static Optional<HeaderBlock> headerBlock(byte[] bytes, int start, int end) {
        String text = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        List<String[]> fields = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            if (nl < 0) {
                return Optional.empty();
            }
            String line = text.substring(pos, nl);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            pos = nl + 1;
            if (line.isEmpty()) {
                return Optional.of(new HeaderBlock(toHeaders(fields), start + pos));
            }
            if (line.indexOf('\r') >= 0) {
                return Optional.empty(); // a bare CR inside a field is not a line end (RFC 5322 §2.2)
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (fields.isEmpty()) {
                    return Optional.empty();
                }
                String[] last = fields.get(fields.size() - 1);
                last[1] = last[1] + " " + line.strip();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isFieldName(line.substring(0, colon).stripTrailing())) {
                return Optional.empty();
            }
            fields.add(new String[] {line.substring(0, colon).stripTrailing(), line.substring(colon + 1).strip()});
        }
        return Optional.empty();
    }

    private static List<Header> toHeaders(List<String[]> fields) {
        List<Header> out = new ArrayList<>(fields.size());
        for (String[] f : fields) {
            out.add(new Header(utf8(f[0]), utf8(f[1])));
        }
        return out;
    }

    /** Header octets were read as ISO-8859-1; UTF-8 in values (RFC 6532) is restored. */
    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** RFC 5322 §3.6.8 field-name: printable US-ASCII except colon. */
    static boolean isFieldName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                return false;
            }
        }
        return true;
    }

    public static Optional<MimeEntity> parseEntity(byte[] bytes) {
        return headerBlock(bytes, 0, bytes.length)
            .map(b -> new MimeEntity(b.headers(), Arrays.copyOfRange(bytes, b.contentStart(), bytes.length)));
    }

    /** Every bare LF (and bare CR) becomes CRLF: the canonical form text is signed in (RFC 8551 §3.1.1). */
    public static byte[] canonicalCrlf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 16 + 2);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    public static boolean hasBareLineEnd(byte[] in) {
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) {
                return true;
            }
            if (in[i] == '\r' && (i + 1 == in.length || in[i + 1] != '\n')) {
                return true;
            }
        }
        return false;
    }

    public static byte[] base64Lines(byte[] data) {
        String b64 = Base64.getEncoder().encodeToString(data);
        StringBuilder sb = new StringBuilder(b64.length() + b64.length() / BASE64_LINE * 2 + 2);
        for (int i = 0; i < b64.length(); i += BASE64_LINE) {
            sb.append(b64, i, Math.min(b64.length(), i + BASE64_LINE)).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Base64 with whitespace ignored (RFC 2045 §6.8); empty on any other character outside the alphabet. */
    public static Optional<byte[]> base64Decode(byte[] text) {
        ByteArrayOutputStream compact = new ByteArrayOutputStream(text.length);
        for (byte b : text) {
            if (b != '\r' && b != '\n' && b != ' ' && b != '\t') {
                compact.write(b);
            }
        }
        try {
            return Optional.of(Base64.getDecoder().decode(compact.toByteArray()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static Optional<byte[]> quotedPrintableDecode(byte[] text) {
        try (InputStream in = new QuotedPrintableInputStream(new ByteArrayInputStream(text))) {
            return Optional.of(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
