package io.vouch.loadtest.internal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipStreamDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * One TCP or TLS connection to the target (RFC 3261 §18.1), framed by Content-Length with the shared stream
 * decoder; answers CRLF keep-alive pings (RFC 5626 §4.4.1). When the connection drops, sends fail at once
 * (counted as transport errors) and it reconnects after a second.
 */
public final class StreamFlow implements SipFlow {

    private static final Buffer PONG = Buffer.buffer("\r\n");

    private final Vertx vertx;
    private final NetClient client;
    private final InetSocketAddress target;
    private final String transport;
    private final LoadEngineRef engine;
    private NetSocket socket;
    private String localHostPort = "127.0.0.1:0";
    private boolean closing;
    private long connects;

    private StreamFlow(Vertx vertx, NetClient client, InetSocketAddress target, String transport,
                       LoadEngineRef engine) {
        this.vertx = vertx;
        this.client = client;
        this.target = target;
        this.transport = transport;
        this.engine = engine;
    }

    /** Connects; the future fails when the first connection attempt does. */
    public static Future<StreamFlow> connect(Vertx vertx, NetClient client, InetSocketAddress target,
                                             String transport, LoadEngineRef engine) {
        StreamFlow flow = new StreamFlow(vertx, client, target, transport, engine);
        return flow.open().map(flow);
    }

    private Future<Void> open() {
        String host = target.getAddress().getHostAddress();
        return client.connect(target.getPort(), host).map(s -> {
            connects++;
            socket = s;
            localHostPort = hostPort(s.localAddress().hostAddress(), s.localAddress().port());
            SipStreamDecoder decoder = new SipStreamDecoder();
            s.handler(data -> {
                for (DecodeResult r : decoder.feed(data.getBytes())) {
                    switch (r) {
                        case DecodeResult.Parsed p -> {
                            if (engine.isSet()) {
                                engine.get().onMessage(p.message(), this);
                            }
                        }
                        case DecodeResult.Malformed m -> {
                            if (engine.isSet()) {
                                engine.get().onMalformed();
                            }
                        }
                        case DecodeResult.KeepAlive k -> {
                            if (k.ping()) {
                                s.write(PONG);
                            }
                        }
                        case DecodeResult.Incomplete i -> { }
                    }
                }
                if (decoder.broken()) {
                    s.close();
                }
            });
            s.closeHandler(v -> {
                if (socket == s) {
                    socket = null;
                    if (!closing) {
                        vertx.setTimer(1000, id -> reconnect());
                    }
                }
            });
            return null;
        });
    }

    private void reconnect() {
        if (!closing && socket == null) {
            open().onFailure(e -> vertx.setTimer(1000, id -> reconnect()));
        }
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public boolean reliable() {
        return true;
    }

    @Override
    public String localHostPort() {
        return localHostPort;
    }

    /** Successful connection attempts so far (more than one means it reconnected). */
    public long connects() {
        return connects;
    }

    @Override
    public void send(byte[] message, Consumer<Throwable> onError) {
        NetSocket s = socket;
        if (s == null) {
            onError.accept(new IOException("connection to " + target + " is closed"));
            return;
        }
        s.write(Buffer.buffer(message)).onFailure(onError::accept);
    }

    public Future<Void> close() {
        closing = true;
        NetSocket s = socket;
        return s == null ? Future.succeededFuture() : s.close();
    }
}
