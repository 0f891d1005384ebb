package io.vouch.edge;

import io.vouch.runtime.config.Config;

/**
 * How the edge reads SIP over UDP (RFC 3261 §18): several sockets bound to the same port with {@code SO_REUSEPORT},
 * each read on its own thread, so that a flood is drained faster than the kernel drops; responses leave from the
 * socket the request arrived on, hence from the listening port (RFC 3261 §18.2.2, RFC 3581).
 *
 * @param receiveBufferBytes {@code edge.sip.udp.receive.buffer.bytes}: kernel receive buffer asked for each socket
 *                           ({@code SO_RCVBUF}; the kernel caps it at {@code net.core.rmem_max}); 0 keeps the OS
 *                           default
 * @param readers            {@code edge.sip.udp.readers}: sockets on the port, each read by its own thread
 * @param nativeTransport    {@code edge.sip.udp.native}: read with Linux epoll when its native library loads, else
 *                           (or when false) with Java NIO
 * @param queueMax           {@code edge.sip.udp.queue.max}: datagrams read but not yet handled by the edge's event
 *                           loop; beyond it datagrams are dropped and counted
 */
public record UdpSettings(int receiveBufferBytes, int readers, boolean nativeTransport, int queueMax) {

    /** The most sockets one port may be read with. */
    public static final int MAX_READERS = 64;

    public UdpSettings {
        EdgeConfig.require(receiveBufferBytes >= 0, "edge.sip.udp.receive.buffer.bytes", receiveBufferBytes);
        EdgeConfig.require(readers >= 1 && readers <= MAX_READERS, "edge.sip.udp.readers", readers);
        EdgeConfig.require(queueMax >= 1, "edge.sip.udp.queue.max", queueMax);
    }

    static UdpSettings from(Config c) {
        return new UdpSettings(
                c.getInt("edge.sip.udp.receive.buffer.bytes"),
                c.optionalInt("edge.sip.udp.readers")
                        .orElse(Math.min(MAX_READERS, Runtime.getRuntime().availableProcessors())),
                c.getBoolean("edge.sip.udp.native"),
                c.getInt("edge.sip.udp.queue.max"));
    }
}
