package io.vouch.sdp.internal;

import io.vouch.sdp.Connection;
import io.vouch.sdp.MediaDescription;
import io.vouch.sdp.Origin;
import io.vouch.sdp.SdpAttribute;
import io.vouch.sdp.SdpDecodeResult;
import io.vouch.sdp.SdpLimits;
import io.vouch.sdp.SdpLine;
import io.vouch.sdp.SessionDescription;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 8866 §5 line grammar and ordering: {@code v=0}, {@code o=}, {@code s=}, then {@code i u e p c b (t r*)+ z k a}
 * at session level and {@code m i c* b* k a*} per media description; unknown type letters make the whole
 * description invalid (§5). One parser per call; not shared.
 */
public final class SdpParser {
    private static final String SESSION_ORDER = "vosiupecbtrzka";
    private static final String SESSION_SINGLE = "vosiuczk";
    private static final String MEDIA_ORDER = "micbka";
    private static final String MEDIA_SINGLE = "mik";

    private final SdpLimits limits;

    public SdpParser(SdpLimits limits) {
        this.limits = limits;
    }

    public SdpDecodeResult parse(byte[] bytes, int off, int len) {
        if (len > limits.maxBytes()) {
            return bad("SDP too large", 0);
        }
        Charset charset = StandardCharsets.UTF_8;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, off, len)).toString();
        } catch (CharacterCodingException e) {
            charset = StandardCharsets.ISO_8859_1;
            text = new String(bytes, off, len, charset);
        }
        return parse(text, charset);
    }

    private SdpDecodeResult parse(String text, Charset charset) {
        List<SdpLine> session = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();
        List<SdpLine> current = null;
        String trailer = "";
        char prev = 0;
        boolean sawTime = false;
        int lineNo = 0;
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            int next = nl < 0 ? text.length() : nl + 1;
            String eol = nl < 0 ? "" : "\n";
            if (nl >= 0 && end > pos && text.charAt(end - 1) == '\r') {
                end--;
                eol = "\r\n";
            }
            String content = text.substring(pos, end);
            lineNo++;
            if (content.isEmpty()) {
                if (!text.substring(pos).replace("\r\n", "").replace("\n", "").isEmpty()) {
                    return bad("empty SDP line", lineNo);
                }
                trailer = text.substring(pos);
                break;
            }
            if (lineNo > limits.maxLines()) {
                return bad("too many SDP lines", lineNo);
            }
            if (content.length() + 2 > limits.maxLineBytes()) {
                return bad("SDP line too long", lineNo);
            }
            if (content.indexOf('\r') >= 0) {
                return bad("SDP bare CR", lineNo);
            }
            if (content.indexOf('\0') >= 0) {
                return bad("SDP NUL byte", lineNo);
            }
            if (content.length() < 2 || content.charAt(1) != '=') {
                return bad("malformed SDP line", lineNo);
            }
            char type = content.charAt(0);
            String value = content.substring(2);
            if (type < 'a' || type > 'z') {
                return bad("malformed SDP line", lineNo);
            }
            SdpLine line = new SdpLine(type, value, eol);
            String problem = current == null && type != 'm'
                ? sessionOrder(session.size(), prev, type) : mediaOrder(current == null ? 0 : prev, type);
            if (problem == null) {
                problem = checkValue(type, value);
            }
            if (problem != null) {
                return bad(problem, lineNo);
            }
            if (type == 'm') {
                if (!sawTime) {
                    return bad("SDP t= missing", lineNo);
                }
                if (media.size() + (current == null ? 0 : 1) >= limits.maxMedia()) {
                    return bad("too many SDP media", lineNo);
                }
                if (current != null) {
                    media.add(new MediaDescription(current));
                }
                current = new ArrayList<>();
            }
            sawTime |= type == 't';
            (current == null ? session : current).add(line);
            prev = type;
            pos = next;
        }
        if (current != null) {
            media.add(new MediaDescription(current));
        }
        if (session.size() < 3) {
            return bad(session.isEmpty() ? "empty SDP" : "SDP o= or s= missing", lineNo);
        }
        if (!sawTime) {
            return bad("SDP t= missing", lineNo);
        }
        boolean sessionConnection = session.stream().anyMatch(l -> l.type() == 'c');
        if (!sessionConnection && media.stream().anyMatch(m -> m.connection().isEmpty())) {
            return bad("SDP c= missing", 0);
        }
        return new SdpDecodeResult.Parsed(new SessionDescription(session, media, trailer, charset));
    }

    private static String sessionOrder(int index, char prev, char type) {
        if (index < 3) {
            return type == "vos".charAt(index) ? null : index == 0 ? "SDP must start with v=" : "SDP o= or s= missing";
        }
        int rank = SESSION_ORDER.indexOf(type);
        if (rank < 0) {
            return "unknown SDP line type";
        }
        int prevRank = SESSION_ORDER.indexOf(prev);
        boolean newTime = type == 't' && prev == 'r';
        if (rank < prevRank && !newTime || rank == prevRank && SESSION_SINGLE.indexOf(type) >= 0) {
            return "SDP line out of order";
        }
        return null;
    }

    private static String mediaOrder(char prev, char type) {
        if (type == 'm') {
            return null;
        }
        int rank = MEDIA_ORDER.indexOf(type);
        if (rank < 0) {
            return SESSION_ORDER.indexOf(type) < 0 ? "unknown SDP line type" : "SDP line out of order";
        }
        int prevRank = MEDIA_ORDER.indexOf(prev);
        if (rank < prevRank || rank == prevRank && MEDIA_SINGLE.indexOf(type) >= 0) {
            return "SDP line out of order";
        }
        return null;
    }

    private static String checkValue(char type, String value) {
        return switch (type) {
            case 'v' -> value.equals("0") ? null : "SDP version not 0";
            case 'o' -> Origin.parse(value).isPresent() ? null : "malformed SDP o= line";
            case 'c' -> Connection.parse(value).isPresent() ? null : "malformed SDP c= line";
            case 'm' -> MediaDescription.MediaLine.parse(value).isPresent() ? null : "malformed SDP m= line";
            case 'a' -> SdpAttribute.parse(value).isPresent() ? null : "malformed SDP a= line";
            case 't' -> time(value) ? null : "malformed SDP t= line";
            case 'b' -> bandwidth(value) ? null : "malformed SDP b= line";
            default -> null;
        };
    }

    private static boolean time(String value) {
        String[] f = SdpSyntax.fields(value, 2, 2);
        return f != null && SdpSyntax.isDigits(f[0], 20) && SdpSyntax.isDigits(f[1], 20);
    }

    private static boolean bandwidth(String value) {
        int colon = value.indexOf(':');
        return colon > 0 && SdpSyntax.isToken(value.substring(0, colon))
            && SdpSyntax.isDigits(value.substring(colon + 1), 20);
    }

    private static SdpDecodeResult bad(String reason, int line) {
        return new SdpDecodeResult.Malformed(reason, line);
    }
}
