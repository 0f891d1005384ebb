package io.vouch.edge;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A minimal RFC 6455 client over a plain socket, so tests control every byte: the handshake headers, frame sizes,
 * and whether Pings are answered (they never are, automatically: a test client that stops reading has
 * disappeared).
 */
final class RawWebSocket implements AutoCloseable {
    /** One received frame. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    final Socket socket;
    final int status;
    final Map<String, String> headers;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket, int status, Map<String, String> headers) throws IOException {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a connection and sends the opening handshake; {@code protocol} and {@code origin} may be null. */
    static RawWebSocket connect(int port, SSLContext tls, String protocol, String origin) throws IOException {
        Socket s = tls == null ? new Socket(InetAddress.getLoopbackAddress(), port)
                : tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(20_000); // a cold TLS handshake on a loaded machine takes seconds
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        StringBuilder req = new StringBuilder()
                .append("GET / HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (protocol != null) {
            req.append("Sec-WebSocket-Protocol: ").append(protocol).append("\r\n");
        }
        if (origin != null) {
            req.append("Origin: ").append(origin).append("\r\n");
        }
        s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        String head = readHead(s.getInputStream());
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
            }
        }
        return new RawWebSocket(s, status, headers);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            byte[] h = b.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8), true);
    }

    void sendBinary(byte[] data) throws IOException {
        send(0x2, data, true);
    }

    /** One frame, masked as a client must (RFC 6455 §5.3). */
    void send(int opcode, byte[] payload, boolean fin) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n < 126) {
            f.write(0x80 | n);
        } else if (n < 65536) {
            f.write(0x80 | 126);
            f.write(n >>> 8);
            f.write(n);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) n >>> (8 * i)));
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        f.write(mask);
        for (int i = 0; i < n; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        out.write(f.toByteArray());
        out.flush();
    }

    /** The next frame from the server (unmasked). */
    Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long n = b1 & 0x7f;
        if (n == 126) {
            n = in.readUnsignedShort();
        } else if (n == 127) {
            n = in.readLong();
        }
        byte[] payload = new byte[(int) n];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }

    /** The next data frame; Pings meanwhile are answered (a live client), Pongs skipped. */
    Frame readData() throws IOException {
        while (true) {
            Frame f = read();
            if (f.opcode() == 0x9) {
                send(0xA, f.payload(), true);
            } else if (f.opcode() != 0xA) {
                return f;
            }
        }
    }

    /** Sends a Close frame (clean close, RFC 6455 §5.5.1). */
    void sendClose() throws IOException {
        send(0x8, new byte[] {0x03, (byte) 0xe8}, true);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
