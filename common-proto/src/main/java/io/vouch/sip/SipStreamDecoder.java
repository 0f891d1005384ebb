package io.vouch.sip;

import io.vouch.sip.DecodeResult.Malformed;
import io.vouch.sip.internal.HeadParser;
import io.vouch.sip.internal.HeadParser.Head;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Frames SIP messages on one stream connection (TCP, TLS, WebSocket) by Content-Length, which is
 * mandatory there (RFC 3261 §18.3, §20.14), and reports CRLF keep-alives (RFC 5626 §4.4.1). Buffered bytes
 * are bounded by {@link SipCodecLimits#maxStreamMessageBytes()}. After a framing error the decoder is
 * {@link #broken()}: the connection should be closed. One instance per connection; not thread-safe.
 */
public final class SipStreamDecoder {
    private final SipCodecLimits limits;
    private byte[] buf = new byte[4096];
    private int start;
    private int end;
    private int scanFrom;
    private int pendingLfs;
    private boolean broken;
    private Head head;
    private int bodyLength;
    private int headLength;
    private long pingsSeen;

    public SipStreamDecoder() {
        this(SipCodecLimits.defaults());
    }

    public SipStreamDecoder(SipCodecLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Whether a framing error occurred; further input is ignored. */
    public boolean broken() {
        return broken;
    }

    /** How many double-CRLF pings were seen. */
    public long pingsSeen() {
        return pingsSeen;
    }

    /** Bytes held for a message not yet complete. */
    public int buffered() {
        return end - start;
    }

    /**
     * Consumes {@code data[off, off+len)} and returns every complete result in order; the last element is
     * {@link DecodeResult.Incomplete} when a partial message remains buffered. Never throws on input.
     */
    public List<DecodeResult> feed(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (broken) {
            return List.of();
        }
        List<DecodeResult> out = new ArrayList<>(2);
        try {
            append(data, off, len);
            drain(out);
        } catch (RuntimeException e) {
            // Safety net only: parsing checks its bounds; tests count any "internal" result as a failure.
            fail(out, new Malformed("internal", false, Optional.empty(), Optional.empty(), 400));
        }
        if (!broken && end > start) {
            out.add(DecodeResult.Incomplete.INSTANCE);
        }
        return out;
    }

    public List<DecodeResult> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    private void append(byte[] data, int off, int len) {
        if (len == 0) {
            return;
        }
        if (end + len > buf.length) {
            int live = end - start;
            int need = live + len;
            if (need > buf.length || start == 0) {
                byte[] nb = new byte[Math.max(need, Math.min(buf.length * 2, limits.maxStreamMessageBytes() + len))];
                System.arraycopy(buf, start, nb, 0, live);
                buf = nb;
            } else {
                System.arraycopy(buf, start, buf, 0, live);
            }
            scanFrom -= start;
            start = 0;
            end = live;
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    private void fail(List<DecodeResult> out, Malformed m) {
        broken = true;
        out.add(m);
        start = end = scanFrom = 0;
        buf = new byte[0];
    }

    private void drain(List<DecodeResult> out) {
        while (start < end) {
            if (head == null) {
                if (!skipKeepAlives(out)) {
                    return;
                }
                int headEnd = HeadParser.findHeadEnd(buf, Math.max(scanFrom, start), end);
                if (headEnd < 0) {
                    scanFrom = Math.max(start, end - 2);
                    if (end - start > limits.maxStreamMessageBytes()) {
                        fail(out, new Malformed("message too large", false, Optional.empty(), Optional.empty(), 513));
                    }
                    return;
                }
                Head h = HeadParser.parse(buf, start, headEnd, limits.maxStartLineBytes(),
                    limits.maxHeaderLineBytes(), limits.maxHeaders());
                long length = MessageAssembler.contentLength(h);
                if (h.error != null && (h.bodyStart < 0 || length < 0)) {
                    // the header section itself is broken, so nothing says where the next message starts
                    fail(out, MessageAssembler.malformed(h, h.error, h.errorStatus));
                    return;
                }
                if (length < 0) {
                    TypedHeaders t = TypedHeaders.parse(MessageAssembler.headersOf(h));
                    fail(out, MessageAssembler.malformed(h, length == -1 ? "missing Content-Length"
                        : t.error != null && t.error.contains("Content-Length") ? t.error : "bad Content-Length", 400));
                    return;
                }
                if (length > limits.maxBodyBytes() || headEnd - start + length > limits.maxStreamMessageBytes()) {
                    fail(out, MessageAssembler.malformed(h, "message too large", 513));
                    return;
                }
                head = h;
                bodyLength = (int) length;
                headLength = headEnd - start;
            }
            int bodyLen = bodyLength;
            int bodyStart = start + headLength;
            if (end - bodyStart < bodyLen) {
                return;
            }
            // a head with a bad start line but intact framing is reported and skipped; the stream goes on
            SipHeaders headers = MessageAssembler.headersOf(head);
            TypedHeaders t = head.error == null ? TypedHeaders.parse(headers) : null;
            out.add(MessageAssembler.assemble(head, headers, t, buf, bodyStart, bodyLen, true, limits));
            start = bodyStart + bodyLen;
            scanFrom = start;
            head = null;
        }
        if (start == end) {
            start = end = scanFrom = 0;
        }
    }

    /** Consumes CR/LF bytes between messages; returns false when the buffer holds nothing else yet. */
    private boolean skipKeepAlives(List<DecodeResult> out) {
        while (start < end && (buf[start] == '\r' || buf[start] == '\n')) {
            if (buf[start] == '\n') {
                pendingLfs++;
                if (pendingLfs == 2) {
                    out.add(DecodeResult.KeepAlive.PING);
                    pingsSeen++;
                    pendingLfs = 0;
                }
            }
            start++;
        }
        if (start == end) {
            start = end = scanFrom = 0;
            return false;
        }
        if (pendingLfs == 1) {
            out.add(DecodeResult.KeepAlive.PONG);
        }
        pendingLfs = 0;
        scanFrom = Math.max(scanFrom, start);
        return true;
    }
}
