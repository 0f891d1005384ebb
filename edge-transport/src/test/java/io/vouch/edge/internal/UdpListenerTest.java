package io.vouch.edge.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.epoll.Epoll;
import io.vouch.edge.UdpSettings;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Responses through {@link UdpListener#send} on real loopback sockets: with epoll they are written by the calling
 * thread, with NIO handed to the reader; either way they leave from the listening port with their bytes intact, a
 * payload larger than UDP allows is not sent, and nothing is sent once the listener is closed (both reported).
 */
class UdpListenerTest {

    private static UdpListener bind(boolean nativeTransport, AtomicReference<UdpListener> self) throws Exception {
        if (nativeTransport) {
            assumeTrue(Epoll.isAvailable(), "epoll not available here");
        }
        // echo: every datagram goes back to its sender from the socket it came in on, from another thread
        UdpListener l = UdpListener.bind("127.0.0.1", 0, 65_535, new UdpSettings(0, 2, nativeTransport, 1000),
                (socket, sender, content) -> {
                    byte[] bytes = ByteBufUtil.getBytes(content);
                    Thread.ofPlatform().start(() -> self.get().send(socket, bytes,
                            sender.getAddress().getHostAddress(), sender.getPort()));
                }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        self.set(l);
        return l;
    }

    private static byte[] roundTrip(DatagramSocket client, int port, byte[] payload) throws Exception {
        client.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
        byte[] buf = new byte[70_000];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        client.receive(p);
        assertEquals(port, p.getPort(), "the response leaves from the listening port");
        return Arrays.copyOf(buf, p.getLength());
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void sendsFromTheListeningPortWithTheBytesIntact(boolean nativeTransport) throws Exception {
        AtomicReference<UdpListener> self = new AtomicReference<>();
        UdpListener l = bind(nativeTransport, self);
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(5000);
            assertEquals(nativeTransport ? "epoll" : "nio", l.transportName());
            byte[] small = "OPTIONS sip:a SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(small, roundTrip(client, l.port(), small));
            byte[] large = new byte[40_000]; // larger than the first, so a reused send buffer must be refilled
            Arrays.fill(large, (byte) 'x');
            large[large.length - 1] = 'y';
            assertArrayEquals(large, roundTrip(client, l.port(), large));
            assertArrayEquals(small, roundTrip(client, l.port(), small));
        } finally {
            l.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void sendsNothingAfterClose(boolean nativeTransport) throws Exception {
        AtomicReference<UdpListener> self = new AtomicReference<>();
        UdpListener l = bind(nativeTransport, self);
        l.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(300);
            assertFalse(l.send(0, "late".getBytes(StandardCharsets.US_ASCII), "127.0.0.1", client.getLocalPort()));
            assertThrows(SocketTimeoutException.class, () -> client.receive(new DatagramPacket(new byte[16], 16)));
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void doesNotSendWhatUdpCannotCarry(boolean nativeTransport) throws Exception {
        AtomicReference<UdpListener> self = new AtomicReference<>();
        UdpListener l = bind(nativeTransport, self);
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(1000);
            assertFalse(l.send(0, new byte[UdpListener.MAX_UDP_PAYLOAD + 1], "127.0.0.1", client.getLocalPort()));
            assertTrue(l.send(0, "after".getBytes(StandardCharsets.US_ASCII), "127.0.0.1", client.getLocalPort()));
            byte[] buf = new byte[70_000];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            client.receive(p);
            assertEquals("after", new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII),
                    "the oversized datagram was skipped and the next one sent");
        } finally {
            l.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
