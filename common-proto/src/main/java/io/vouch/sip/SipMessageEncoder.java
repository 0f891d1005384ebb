package io.vouch.sip;

import io.vouch.sip.internal.HeaderNames;
import io.vouch.sip.internal.Utf8;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes messages to bytes (RFC 3261 §7): full header names, one line per stored header line,
 * {@code Content-Length} set to the body length (replacing any stored value in place, or appended).
 * Stateless and thread-safe.
 */
public final class SipMessageEncoder {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] VERSION = "SIP/2.0".getBytes(StandardCharsets.US_ASCII);

    public byte[] encode(SipMessage message) {
        Out out = new Out(512 + message.bodyLength() + message.headers().size() * 48);
        write(message, out);
        return out.bytes();
    }

    /** Encodes into {@code target}; throws {@link java.nio.BufferOverflowException} when it has too little room. */
    public void encode(SipMessage message, ByteBuffer target) {
        target.put(encode(message));
    }

    /**
     * The number of bytes {@link #encode(SipMessage)} returns for {@code message}: exact, unless its text holds an
     * unpaired surrogate (which no decoded message does).
     */
    static long encodedLength(SipMessage message) {
        long n = switch (message) {
            case SipRequest r -> r.method().length() + 1 + Utf8.encodedLength(r.requestUriText()) + 1
                + VERSION.length;
            case SipResponse r -> VERSION.length + 1 + Integer.toString(r.status()).length() + 1
                + Utf8.encodedLength(r.reason());
        };
        n += CRLF.length;
        SipHeaders h = message.headers();
        for (int i = 0; i < h.size(); i++) {
            if (!h.name(i).equals(HeaderNames.CONTENT_LENGTH)) {
                n += h.name(i).length() + 2 + Utf8.encodedLength(h.value(i)) + CRLF.length;
            }
        }
        int body = message.bodyLength();
        n += HeaderNames.CONTENT_LENGTH.length() + 2 + Integer.toString(body).length() + CRLF.length;
        return n + CRLF.length + body;
    }

    private static void write(SipMessage message, Out out) {
        byte[] body;
        switch (message) {
            case SipRequest r -> {
                out.ascii(r.method()).put((byte) ' ').text(r.requestUriText()).put((byte) ' ').raw(VERSION);
                body = r.bodyRef();
            }
            case SipResponse r -> {
                out.raw(VERSION).put((byte) ' ').number(r.status()).put((byte) ' ').text(r.reason());
                body = r.bodyRef();
            }
        }
        out.raw(CRLF);
        SipHeaders h = message.headers();
        boolean lengthWritten = false;
        for (int i = 0; i < h.size(); i++) {
            String name = h.name(i);
            if (name.equals(HeaderNames.CONTENT_LENGTH)) {
                if (!lengthWritten) {
                    out.ascii(name).put((byte) ':').put((byte) ' ').number(body.length).raw(CRLF);
                    lengthWritten = true;
                }
                continue;
            }
            out.ascii(name).put((byte) ':').put((byte) ' ').text(h.value(i)).raw(CRLF);
        }
        if (!lengthWritten) {
            out.ascii(HeaderNames.CONTENT_LENGTH).put((byte) ':').put((byte) ' ').number(body.length).raw(CRLF);
        }
        out.raw(CRLF).raw(body);
    }

    /** A growable byte array writer. */
    private static final class Out {
        private byte[] b;
        private int n;

        Out(int size) {
            b = new byte[size];
        }

        private void ensure(int more) {
            if (n + more > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, n + more));
            }
        }

        Out put(byte v) {
            ensure(1);
            b[n++] = v;
            return this;
        }

        Out raw(byte[] v) {
            ensure(v.length);
            System.arraycopy(v, 0, b, n, v.length);
            n += v.length;
            return this;
        }

        /** Writes an ASCII string such as a header name. */
        Out ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                b[n++] = (byte) s.charAt(i);
            }
            return this;
        }

        /** Writes text as UTF-8, with a fast path for ASCII. */
        Out text(String s) {
            int len = s.length();
            ensure(len);
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    return raw(s.substring(i).getBytes(StandardCharsets.UTF_8));
                }
                b[n++] = (byte) c;
            }
            return this;
        }

        Out number(int v) {
            return ascii(Integer.toString(v));
        }

        byte[] bytes() {
            return n == b.length ? b : Arrays.copyOf(b, n);
        }
    }
}
