package io.vouch.loadtest.internal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One SIP over WebSocket connection to the target (RFC 7118): the {@code sip} subprotocol, one SIP message per
 * text message, Content-Length optional on what arrives. Pings are answered by the WebSocket layer. When the
 * connection drops, sends fail at once (counted as transport errors) and it reconnects after a second.
 */
public final class WsFlow implements SipFlow {
    private final Vertx vertx;
    private final WebSocketClient client;
    private final InetSocketAddress target;
    private final String transport;
    private final boolean secure;
    private final LoadEngineRef engine;
    private final SipMessageDecoder decoder = new SipMessageDecoder();
    private WebSocket socket;
    private String localHostPort = "127.0.0.1:0";
    private boolean closing;

    private WsFlow(Vertx vertx, WebSocketClient client, InetSocketAddress target, String transport, boolean secure,
                   LoadEngineRef engine) {
        this.vertx = vertx;
        this.client = client;
        this.target = target;
        this.transport = transport;
        this.secure = secure;
        this.engine = engine;
    }

    /** Connects; the future fails when the first connection attempt (or the subprotocol agreement) does. */
    public static Future<WsFlow> connect(Vertx vertx, WebSocketClient client, InetSocketAddress target,
                                         String transport, boolean secure, LoadEngineRef engine) {
        WsFlow flow = new WsFlow(vertx, client, target, transport, secure, engine);
        return flow.open().map(flow);
    }

    private Future<Void> open() {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(target.getAddress().getHostAddress()).setPort(target.getPort()).setURI("/")
                .setSsl(secure).addSubProtocol("sip");
        return client.connect(options).compose(ws -> {
            if (!"sip".equals(ws.subProtocol())) {
                ws.close();
                return Future.failedFuture(new IOException("the server did not agree to the sip subprotocol"));
            }
            socket = ws;
            localHostPort = StreamFlow.hostPort(ws.localAddress().hostAddress(), ws.localAddress().port());
            ws.textMessageHandler(text -> onMessage(text.getBytes(StandardCharsets.UTF_8)));
            ws.binaryMessageHandler(data -> onMessage(data.getBytes()));
            ws.closeHandler(v -> {
                if (socket == ws) {
                    socket = null;
                    if (!closing) {
                        vertx.setTimer(1000, id -> reconnect());
                    }
                }
            });
            return Future.<Void>succeededFuture();
        });
    }

    private void onMessage(byte[] bytes) {
        if (!engine.isSet()) {
            return;
        }
        switch (decoder.decode(bytes)) {
            case DecodeResult.Parsed p -> engine.get().onMessage(p.message(), this);
            case DecodeResult.Malformed m -> engine.get().onMalformed();
            default -> { }
        }
    }

    private void reconnect() {
        if (!closing && socket == null) {
            open().onFailure(e -> vertx.setTimer(1000, id -> reconnect()));
        }
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

    @Override
    public void send(byte[] message, Consumer<Throwable> onError) {
        WebSocket s = socket;
        if (s == null) {
            onError.accept(new IOException("connection to " + target + " is closed"));
            return;
        }
        s.writeTextMessage(new String(message, StandardCharsets.UTF_8)).onFailure(onError::accept);
    }

    public Future<Void> close() {
        closing = true;
        WebSocket s = socket;
        return s == null ? Future.succeededFuture() : s.close();
    }
}
