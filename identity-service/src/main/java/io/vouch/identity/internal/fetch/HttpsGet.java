package io.vouch.identity.internal.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately small HTTPS GET (HTTP/1.1, {@code Connection: close}, no redirects) that connects to an address
 * the caller already vetted, so a second DNS answer can never steer the request elsewhere (DNS rebinding), while
 * still verifying the server certificate for the URL's host. Blocking: run it on a worker thread.
 */
public final class HttpsGet {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    /** A complete response. Header names are lower-case; the first value of each is kept. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public Response {
            headers = Map.copyOf(headers);
        }
    }

    /** Outcome of a request. */
    public sealed interface Result permits Ok, Failed {
    }

    public record Ok(Response response) implements Result {
    }

    public record Failed(String reason) implements Result {
    }

    private final SSLContext tls;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxBodyBytes;

    public HttpsGet(SSLContext tls, Duration connectTimeout, Duration readTimeout, int maxBodyBytes) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** GETs {@code uri} (https only) from {@code address}; never throws for network or protocol trouble. */
    public Result get(URI uri, InetAddress address) {
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return new Failed("not an https URL");
        }
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        long deadline = System.nanoTime() + connectTimeout.toNanos() + readTimeout.toNanos();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
            plain.setSoTimeout((int) readTimeout.toMillis());
            String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            try (SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, bareHost, port, true)) {
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!isIpLiteral(bareHost)) {
                    params.setServerNames(List.of(new SNIHostName(bareHost)));
                }
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                OutputStream out = ssl.getOutputStream();
                String hostHeader = uri.getPort() < 0 ? host : host + ":" + port;
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader
                        + "\r\nAccept: application/pem-certificate-chain, application/pkix-cert\r\n"
                        + "User-Agent: vouch-identity\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return read(new java.io.BufferedInputStream(ssl.getInputStream(), 8192), deadline);
            }
        } catch (IOException | IllegalArgumentException e) {
            return new Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Result read(InputStream in, long deadline) throws IOException {
        Bounded b = new Bounded(in, deadline);
        String statusLine = b.line();
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            return new Failed("no HTTP status line");
        }
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts.length > 1 ? parts[1] : "");
        } catch (NumberFormatException e) {
            return new Failed("bad status line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = b.line()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
        }
        if (line == null) {
            return new Failed("truncated headers");
        }
        byte[] body;
        String te = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (te.contains("chunked")) {
            Optional<byte[]> chunked = b.chunked(maxBodyBytes);
            if (chunked.isEmpty()) {
                return new Failed("body larger than " + maxBodyBytes + " bytes or bad chunking");
            }
            body = chunked.get();
        } else if (headers.containsKey("content-length")) {
            long len;
            try {
                len = Long.parseLong(headers.get("content-length"));
            } catch (NumberFormatException e) {
                return new Failed("bad content-length");
            }
            if (len < 0 || len > maxBodyBytes) {
                return new Failed("body larger than " + maxBodyBytes + " bytes");
            }
            body = b.exactly((int) len);
            if (body == null) {
                return new Failed("truncated body");
            }
        } else {
            body = b.untilClose(maxBodyBytes);
            if (body == null) {
                return new Failed("body larger than " + maxBodyBytes + " bytes");
            }
        }
        return new Ok(new Response(status, headers, body));
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    /** Reads with an overall deadline and the header size limit. */
    private static final class Bounded {
        private final InputStream in;
        private final long deadline;
        private int headerBytes;

        Bounded(InputStream in, long deadline) {
            this.in = in;
            this.deadline = deadline;
        }

        private int next() throws IOException {
            if (System.nanoTime() > deadline) {
                throw new IOException("response deadline passed");
            }
            return in.read();
        }

        String line() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
            int c;
            while ((c = next()) >= 0) {
                if (++headerBytes > MAX_HEADER_BYTES) {
                    throw new IOException("response headers too large");
                }
                if (c == '\n') {
                    String s = buf.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                buf.write(c);
            }
            return null;
        }

        byte[] exactly(int n) throws IOException {
            byte[] out = new byte[n];
            int off = 0;
            while (off < n) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("response deadline passed");
                }
                int r = in.read(out, off, n - off);
                if (r < 0) {
                    return null;
                }
                off += r;
            }
            return out;
        }

        byte[] untilClose(int max) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int r;
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("response deadline passed");
                }
                r = in.read(buf);
                if (r < 0) {
                    return out.toByteArray();
                }
                if (out.size() + r > max) {
                    return null;
                }
                out.write(buf, 0, r);
            }
        }

        Optional<byte[]> chunked(int max) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                if (sizeLine == null) {
                    return Optional.empty();
                }
                int semi = sizeLine.indexOf(';');
                String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
                int size;
                try {
                    size = Integer.parseInt(hex, 16);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                if (size < 0 || out.size() + size > max) {
                    return Optional.empty();
                }
                if (size == 0) {
                    String trailer;
                    while ((trailer = line()) != null && !trailer.isEmpty()) {
                        // trailers are ignored
                    }
                    return Optional.of(out.toByteArray());
                }
                byte[] chunk = exactly(size);
                if (chunk == null) {
                    return Optional.empty();
                }
                out.write(chunk);
                String crlf = line();
                if (crlf == null || !crlf.isEmpty()) {
                    return Optional.empty();
                }
            }
        }
    }
}
