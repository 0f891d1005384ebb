package io.vouch.loadtest.internal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * A UDP socket on 127.0.0.1 answering like {@link InMemoryUas}: the far end of the loopback warm-up, which runs the
 * real send and receive path of the tool against itself before the measured run. Talks to nobody else.
 */
public final class LoopbackResponder {

    private final DatagramSocket socket;

    private LoopbackResponder(DatagramSocket socket) {
        this.socket = socket;
    }

    public static Future<LoopbackResponder> start(Vertx vertx) {
        InMemoryUas uas = new InMemoryUas(m -> { });
        DatagramSocket socket = vertx.createDatagramSocket();
        socket.handler(p -> uas.answer(p.data().getBytes())
                .ifPresent(bytes -> socket.send(Buffer.buffer(bytes), p.sender().port(), p.sender().host())));
        return socket.listen(0, "127.0.0.1").map(s -> new LoopbackResponder(s));
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", socket.localAddress().port());
    }

    public Future<Void> close() {
        return socket.close();
    }
}
