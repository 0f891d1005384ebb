package io.vouch.edge.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP socket whose per-read buffer holds the largest datagram the edge accepts (RFC 3261 §18.1.1: up to 65,535
 * bytes), so no datagram is cut to a transport default. It runs on the owning verticle's event loop and delivers
 * datagrams on that context; the socket's kernel buffer stays at the OS setting.
 */
public final class UdpListener {
    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);

    private final Channel channel;

    private UdpListener(Channel channel) {
        this.channel = channel;
    }

    /**
     * Binds {@code host:port}. {@code handler} receives the sender and the datagram's bytes; a datagram longer
     * than {@code maxDatagramBytes} arrives cut to {@code maxDatagramBytes + 1} bytes, so the caller can tell it
     * was too large.
     */
    public static Future<UdpListener> bind(ContextInternal context, String host, int port, int maxDatagramBytes,
            BiConsumer<InetSocketAddress, byte[]> handler) {
        Promise<UdpListener> promise = context.promise();
        Bootstrap b = new Bootstrap()
                .group(context.nettyEventLoop())
                .channelFactory(context.owner().transport().datagramChannelFactory())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxDatagramBytes + 1))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        byte[] bytes = ByteBufUtil.getBytes(packet.content());
                        InetSocketAddress sender = packet.sender();
                        context.emit(null, v -> handler.accept(sender, bytes));
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        LOG.warn("udp socket error: {}", cause.toString());
                    }
                });
        b.bind(new InetSocketAddress(host, port)).addListener(f -> {
            if (f.isSuccess()) {
                promise.complete(new UdpListener(((io.netty.channel.ChannelFuture) f).channel()));
            } else {
                promise.fail(f.cause());
            }
        });
        return promise.future();
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Sends one datagram to {@code host:port} ({@code host} is an address literal: no name lookup). */
    public void send(byte[] bytes, String host, int port) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), new InetSocketAddress(host, port)));
    }

    public Future<Void> close() {
        Promise<Void> p = Promise.promise();
        channel.close().addListener(f -> p.complete());
        return p.future();
    }
}
