package io.vouch.edge.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannelConfig;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.vouch.edge.UdpSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's UDP port (RFC 3261 §18): {@code readers} sockets bound to it with {@code SO_REUSEPORT}, each read on its
 * own thread (Linux epoll when its native library loads, else Java NIO), so the kernel spreads senders over them and
 * a flood is drained by every core. Each read buffer holds the largest datagram the edge accepts plus one byte, so a
 * larger one is seen as too large rather than cut. Each socket asks the kernel for {@code receiveBufferBytes}; what
 * it granted is logged, with a warning naming {@code net.core.rmem_max} when it is less.
 *
 * <p>A response goes out on the socket its request came in on (all are bound to the same address and port, so it
 * leaves from the listening port, as RFC 3261 §18.2.2 and RFC 3581 expect). With epoll it is written to the socket
 * by the thread that sends it ({@code sendto(2)} on a UDP socket is safe from any thread), not handed to the
 * socket's reader thread: that hand-off cost a task, a queue and a wake-up of the reader per response.
 */
public final class UdpListener {
    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);

    /** Receives one datagram on the thread that read it; {@code content} is released when the call returns. */
    @FunctionalInterface
    public interface Receiver {
        void receive(int socket, InetSocketAddress sender, ByteBuf content);
    }

    private final EventLoopGroup group;
    private final List<Channel> channels;
    private final UdpTransport transport;
    private final int grantedReceiveBufferBytes;
    /** The sockets under the epoll channels, written directly by senders; empty with NIO. */
    private final List<Socket> direct;
    /** One direct buffer per sending thread: the native send reads from off-heap memory. */
    private final ThreadLocal<ByteBuffer> sendBuffers =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_UDP_PAYLOAD));
    private volatile boolean closed;

    /** The largest UDP payload over IPv4 (65,535 − 8 − 20 bytes); larger responses cannot be sent as one datagram. */
    static final int MAX_UDP_PAYLOAD = 65_507;

    private UdpListener(EventLoopGroup group, List<Channel> channels, UdpTransport transport) {
        this.group = group;
        this.channels = List.copyOf(channels);
        this.transport = transport;
        this.grantedReceiveBufferBytes = granted(channels.get(0));
        List<Socket> sockets = new ArrayList<>();
        for (Channel ch : channels) {
            if (ch instanceof UnixChannel u && u.fd() instanceof Socket s) {
                sockets.add(s);
            }
        }
        this.direct = sockets.size() == channels.size() ? List.copyOf(sockets) : List.of();
    }

    /**
     * Binds {@code settings.readers()} sockets to {@code host:port} ({@code port} 0: a free port, shared by all).
     * {@code receiver} is called on the reader threads; a datagram longer than {@code maxDatagramBytes} arrives cut to
     * {@code maxDatagramBytes + 1} bytes, so the receiver can tell it was too large.
     */
    public static Future<UdpListener> bind(String host, int port, int maxDatagramBytes, UdpSettings settings,
            Receiver receiver) {
        UdpTransport transport = UdpTransport.choose(settings.nativeTransport());
        int readers = transport.reusePortSupported() ? settings.readers() : 1;
        if (readers < settings.readers()) {
            LOG.warn("udp: {} cannot share a port between sockets here; reading it with one socket", transport.label());
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(readers,
                new DefaultThreadFactory("vouch-udp-reader", true), transport.ioHandlerFactory());
        Promise<UdpListener> promise = Promise.promise();
        List<Channel> bound = new ArrayList<>();
        bindNext(group, transport, host, port, maxDatagramBytes, settings, readers, receiver, bound, promise);
        return promise.future().onFailure(err -> {
            bound.forEach(Channel::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        });
    }

    private static void bindNext(EventLoopGroup group, UdpTransport transport, String host, int port,
            int maxDatagramBytes, UdpSettings settings, int readers, Receiver receiver, List<Channel> bound,
            Promise<UdpListener> promise) {
        int index = bound.size();
        Bootstrap b = new Bootstrap()
                .group(group)
                .channelFactory(transport.channelFactory())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxDatagramBytes + 1))
                .handler(new Reader(index, receiver));
        if (settings.receiveBufferBytes() > 0) {
            b.option(ChannelOption.SO_RCVBUF, settings.receiveBufferBytes());
        }
        if (readers > 1) {
            transport.reusePort(b);
        }
        b.bind(new InetSocketAddress(host, port)).addListener(f -> {
            if (!f.isSuccess()) {
                promise.fail(f.cause());
                return;
            }
            Channel ch = ((ChannelFuture) f).channel();
            bound.add(ch);
            if (bound.size() < readers) {
                int actual = ((InetSocketAddress) ch.localAddress()).getPort();
                bindNext(group, transport, host, actual, maxDatagramBytes, settings, readers, receiver, bound,
                        promise);
                return;
            }
            UdpListener l = new UdpListener(group, bound, transport);
            l.logBuffer(settings.receiveBufferBytes());
            promise.complete(l);
        });
    }

    private void logBuffer(int asked) {
        LOG.info("udp {}: {} socket(s) read with {}, receive buffer {} bytes each (asked {})", port(), readers(),
                transport.label(), grantedReceiveBufferBytes, asked == 0 ? "the OS default" : asked);
        if (asked > 0 && grantedReceiveBufferBytes < asked) {
            LOG.warn("udp {}: the kernel granted a receive buffer of {} bytes, less than the {} asked by "
                    + "edge.sip.udp.receive.buffer.bytes; raise net.core.rmem_max (sysctl -w net.core.rmem_max={})",
                    port(), grantedReceiveBufferBytes, asked, asked);
        }
    }

    /** The receive buffer the kernel granted a socket, as its transport reports it. */
    private int granted(Channel ch) {
        return transport.usableReceiveBuffer(((DatagramChannelConfig) ch.config()).getReceiveBufferSize());
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) channels.get(0).localAddress()).getPort();
    }

    /** Sockets bound to the port. */
    public int readers() {
        return channels.size();
    }

    /** How the sockets are read: {@code epoll} or {@code nio}. */
    public String transportName() {
        return transport.label();
    }

    /** The receive buffer the kernel granted each socket, in bytes. */
    public int receiveBufferBytes() {
        return grantedReceiveBufferBytes;
    }

    /**
     * Sends one datagram to {@code host:port} ({@code host} is an address literal: no name lookup) from socket
     * {@code socket}, the one the request came in on (taken modulo the socket count, for a flow recorded by an
     * edge with more readers). Returns false when the datagram could not be sent: larger than UDP allows, refused by
     * the kernel, or the listener closed.
     */
    public boolean send(int socket, byte[] bytes, String host, int port) {
        if (closed) {
            return false;
        }
        if (bytes.length > MAX_UDP_PAYLOAD) {
            LOG.debug("udp: a {}-byte datagram to {}:{} is larger than UDP allows; not sent", bytes.length, host, port);
            return false;
        }
        int index = Math.floorMod(socket, channels.size());
        if (direct.isEmpty()) {
            viaReader(index, bytes, host, port);
            return true;
        }
        ByteBuffer buf = sendBuffers.get();
        buf.clear();
        buf.put(bytes);
        try {
            if (direct.get(index).sendTo(buf, 0, bytes.length, InetAddress.getByName(host), port) == 0) {
                // the socket's send buffer is full (EAGAIN): the reader's channel queues it until it drains
                viaReader(index, bytes, host, port);
            }
            return true;
        } catch (IOException e) {
            LOG.debug("udp: sending to {}:{} failed: {}", host, port, e.toString());
            return false;
        }
    }

    private void viaReader(int index, byte[] bytes, String host, int port) {
        channels.get(index).writeAndFlush(
                new DatagramPacket(Unpooled.wrappedBuffer(bytes), new InetSocketAddress(host, port)));
    }

    public Future<Void> close() {
        closed = true;
        Promise<Void> p = Promise.promise();
        List<Future<Void>> closing = new ArrayList<>();
        for (Channel ch : channels) {
            Promise<Void> c = Promise.promise();
            ch.close().addListener(f -> c.complete());
            closing.add(c.future());
        }
        Future.join(closing).onComplete(ar -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS)
                .addListener(f -> p.complete()));
        return p.future();
    }

    /** Hands each datagram of one socket to the receiver and releases it. */
    private static final class Reader extends ChannelInboundHandlerAdapter {
        private final int socket;
        private final Receiver receiver;

        Reader(int socket, Receiver receiver) {
            this.socket = socket;
            this.receiver = receiver;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket packet = (DatagramPacket) msg;
            try {
                receiver.receive(socket, packet.sender(), packet.content());
            } finally {
                packet.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("udp socket error: {}", cause.toString());
        }
    }
}
