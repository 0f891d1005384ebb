package io.vouch.loadtest.internal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * The UDP flow: one socket on the loopback interface sending every request to the target; each datagram
 * received is decoded as one message (RFC 3261 §18.3) and handed to the engine. Datagrams from any other source
 * than the target are ignored.
 */
public final class UdpFlow implements SipFlow {
    /**
     * The receive buffer the socket asks the kernel for, as SIPp's {@code -buff_size} and the edge do: with the
     * kernel's default (about 200 KB, a few dozen datagrams on loopback) a pause of a few milliseconds of this process
     * on shared cores dropped responses in the socket, and the calls' retransmissions were counted against the target.
     */
    static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

    private final DatagramSocket socket;
    private final String targetHost;
    private final int targetPort;
    private final String localHostPort;

    private UdpFlow(DatagramSocket socket, InetSocketAddress target) {
        this.socket = socket;
        this.targetHost = target.getAddress().getHostAddress();
        this.targetPort = target.getPort();
        this.localHostPort = StreamFlow.hostPort(socket.localAddress().hostAddress(), socket.localAddress().port());
    }

    /** Binds a socket on the address family of {@code target} (loopback for loopback targets). */
    public static Future<UdpFlow> open(Vertx vertx, InetSocketAddress target, String bindHost, LoadEngineRef engine) {
        return open(vertx, target, bindHost, engine, false);
    }

    /**
     * As {@link #open(Vertx, InetSocketAddress, String, LoadEngineRef)}; {@code largeDatagrams} reads datagrams up to
     * 65,535 bytes (RFC 3261 §18.1.1; an S/MIME MESSAGE exceeds the 2,048 bytes Netty reads by default). Vert.x
     * sizes each read to the receive buffer size, so this costs a larger buffer per datagram: only when needed.
     */
    public static Future<UdpFlow> open(Vertx vertx, InetSocketAddress target, String bindHost, LoadEngineRef engine,
                                       boolean largeDatagrams) {
        boolean v6 = target.getAddress() instanceof java.net.Inet6Address;
        DatagramSocketOptions options = new DatagramSocketOptions().setIpV6(v6);
        if (largeDatagrams) {
            options.setReceiveBufferSize(65_536);
        }
        DatagramSocket socket = vertx.createDatagramSocket(options);
        SipMessageDecoder decoder = new SipMessageDecoder();
        String targetHost = target.getAddress().getHostAddress();
        return socket.listen(0, bindHost).map(s -> {
            raiseReceiveBuffer(s);
            UdpFlow flow = new UdpFlow(s, target);
            s.handler(packet -> {
                if (!engine.isSet() || packet.sender().port() != target.getPort()
                        || !sameHost(packet.sender().hostAddress(), targetHost)) {
                    return;
                }
                switch (decoder.decode(packet.data().getBytes())) {
                    case DecodeResult.Parsed p -> engine.get().onMessage(p.message(), flow);
                    case DecodeResult.Malformed m -> engine.get().onMalformed();
                    default -> { }
                }
            });
            return flow;
        });
    }

    /**
     * Raises the socket's kernel receive buffer to {@link #RECEIVE_BUFFER_BYTES}, whatever the read size. Not through
     * {@code DatagramSocketOptions.setReceiveBufferSize}, which also makes Vert.x allocate that many bytes for every
     * read (the {@code largeDatagrams} option uses it for the read size only, 64 KiB): on the Netty channel, found
     * by reflection (Vert.x keeps it private); where that fails, the socket keeps the kernel's default and a warning
     * says so. The kernel caps the size at {@code net.core.rmem_max}.
     */
    static void raiseReceiveBuffer(DatagramSocket socket) {
        try {
            java.lang.reflect.Field f = socket.getClass().getDeclaredField("channel");
            f.setAccessible(true);
            io.netty.channel.socket.DatagramChannel channel = (io.netty.channel.socket.DatagramChannel) f.get(socket);
            channel.config().setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("vouch-loadtest: could not raise the UDP receive buffer (" + e
                    + "); responses may be dropped in the socket at high rates");
        }
    }

    static boolean sameHost(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String transport() {
        return "UDP";
    }

    @Override
    public boolean reliable() {
        return false;
    }

    @Override
    public String localHostPort() {
        return localHostPort;
    }

    @Override
    public void send(byte[] message, Consumer<Throwable> onError) {
        socket.send(Buffer.buffer(message), targetPort, targetHost).onFailure(onError::accept);
    }

    public Future<Void> close() {
        return socket.close();
    }
}
