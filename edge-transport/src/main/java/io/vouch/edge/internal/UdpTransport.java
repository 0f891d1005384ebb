package io.vouch.edge.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.StandardSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the edge's UDP sockets are read: Linux epoll (Netty's native transport) or Java NIO. */
enum UdpTransport {
    EPOLL {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        ChannelFactory<DatagramChannel> channelFactory() {
            return EpollDatagramChannel::new;
        }

        @Override
        boolean reusePortSupported() {
            return true;
        }

        @Override
        void reusePort(Bootstrap b) {
            b.option(EpollChannelOption.SO_REUSEPORT, true);
        }

        @Override
        int usableReceiveBuffer(int reported) {
            return reported / 2; // Linux reports twice what it set, the other half being bookkeeping (socket(7))
        }
    },
    NIO {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        ChannelFactory<DatagramChannel> channelFactory() {
            return NioDatagramChannel::new;
        }

        @Override
        boolean reusePortSupported() {
            try (java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open()) {
                return ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        void reusePort(Bootstrap b) {
            b.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
        }

        @Override
        int usableReceiveBuffer(int reported) {
            return reported; // the JDK already halves what Linux reports
        }
    };

    private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);

    abstract IoHandlerFactory ioHandlerFactory();

    abstract ChannelFactory<DatagramChannel> channelFactory();

    /** Whether several sockets may be bound to one port ({@code SO_REUSEPORT}). */
    abstract boolean reusePortSupported();

    /** Lets the sockets {@code b} binds share their port. */
    abstract void reusePort(Bootstrap b);

    /** The usable receive buffer, from the {@code SO_RCVBUF} value this transport reports. */
    abstract int usableReceiveBuffer(int reported);

    /** The name metrics and logs use. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Epoll when {@code preferNative} and its native library loads, otherwise NIO (saying why when native was wanted). */
    static UdpTransport choose(boolean preferNative) {
        if (!preferNative) {
            return NIO;
        }
        try {
            if (Epoll.isAvailable()) {
                return EPOLL;
            }
            LOG.warn("udp: native epoll transport unavailable ({}); reading UDP with NIO",
                    String.valueOf(Epoll.unavailabilityCause()));
        } catch (LinkageError e) {
            LOG.warn("udp: native epoll transport unavailable ({}); reading UDP with NIO", e.toString());
        }
        return NIO;
    }
}
