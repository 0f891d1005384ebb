package io.vouch.loadtest.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UdpFlowTest {
    @Test
    void asksTheKernelForALargeReceiveBufferWithoutLargeReads() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            for (boolean large : new boolean[] {false, true}) {
                UdpFlow flow = UdpFlow.open(vertx, new InetSocketAddress("127.0.0.1", 9), "127.0.0.1",
                        new LoadEngineRef(), large).await(10, TimeUnit.SECONDS);
                Field socketField = UdpFlow.class.getDeclaredField("socket");
                socketField.setAccessible(true);
                DatagramSocket socket = (DatagramSocket) socketField.get(flow);
                Field f = socket.getClass().getDeclaredField("channel");
                f.setAccessible(true);
                var config = ((io.netty.channel.socket.DatagramChannel) f.get(socket)).config();
                long rmemMax = Long.parseLong(Files.readString(Path.of("/proc/sys/net/core/rmem_max")).trim());
                long expected = Math.min(UdpFlow.RECEIVE_BUFFER_BYTES, rmemMax);
                // Linux reports twice what was granted (the doubled value includes its bookkeeping)
                assertTrue(config.getReceiveBufferSize() >= expected,
                        "receive buffer " + config.getReceiveBufferSize() + " < " + expected);
                assertTrue(config.getRecvByteBufAllocator().newHandle().guess() < 1024 * 1024,
                        "reads are not sized to the kernel buffer");
                if (large) {
                    assertTrue(config.getRecvByteBufAllocator().newHandle().guess() >= 65_535,
                            "large datagrams fit a read");
                }
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
