package io.vouch.loadtest.internal;

import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One SIP request over a fresh TLS connection (RFC 3261 §18, RFC 5630) and its final response; the stream is framed
 * by Content-Length. Blocking, for checks, not for load.
 */
public final class TlsSipClient {
    private final SSLContext tls;
    private final String host;
    private final int port;

    public TlsSipClient(SSLContext tls, String host, int port) {
        this.tls = tls;
        this.host = host;
        this.port = port;
    }

    /** A context that accepts any server certificate: only for a loopback target with a development certificate. */
    public static SSLContext trustAnyForLoopback() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }

    /** Sends {@code request} and returns the first final response (provisional ones are skipped). */
    public SipResponse exchange(String request, int timeoutMs) throws IOException {
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(host, port)) {
            s.setSoTimeout(timeoutMs);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            while (true) {
                byte[] message = readMessage(in);
                if (new SipMessageDecoder().decode(message) instanceof DecodeResult.Parsed p
                        && p.message() instanceof SipResponse r) {
                    if (r.status() >= 200) {
                        return r;
                    }
                } else {
                    throw new IOException("not a SIP response");
                }
            }
        }
    }

    private static byte[] readMessage(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            out.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (out.size() > 65_535) {
                throw new IOException("response head too long");
            }
        }
        String head = out.toString(StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^(?:content-length|l)[ \\t]*:[ \\t]*(\\d{1,6})")
                .matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        out.write(in.readNBytes(length));
        return out.toByteArray();
    }
}
