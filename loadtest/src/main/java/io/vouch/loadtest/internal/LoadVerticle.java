package io.vouch.loadtest.internal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vouch.loadtest.LoadTestConfig;
import io.vouch.loadtest.LoadTestResult;
import io.vouch.loadtest.TransportProtocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one load test on its event loop: opens the flows, drives the {@link LoadEngine} with a 1 ms periodic
 * tick, prints a progress line each second, and completes {@link #result()} when every call has ended.
 */
public final class LoadVerticle extends VerticleBase {

    private final LoadTestConfig config;
    private final Optional<PassportSigner> signer;
    private final Optional<String> certificateUrl;
    private final Consumer<String> progress;
    private final Promise<LoadTestResult> result = Promise.promise();
    private final List<UdpFlow> udpFlows = new ArrayList<>();
    private final List<StreamFlow> streamFlows = new ArrayList<>();
    private final List<WsFlow> wsFlows = new ArrayList<>();
    private io.vertx.core.http.WebSocketClient wsClient;
    private NetClient netClient;
    private LoadEngine engine;
    private long startNanos;
    private long startCpuNanos;
    private Instant startedAt;
    private long tickTimer = -1;
    private long lastProgressSecond;

    public LoadVerticle(LoadTestConfig config, Optional<PassportSigner> signer, Optional<String> certificateUrl,
                        Consumer<String> progress) {
        this.config = config;
        this.signer = signer;
        this.certificateUrl = certificateUrl;
        this.progress = progress;
    }

    /** Completes with the run's figures once it is over. */
    public Future<LoadTestResult> result() {
        return result.future();
    }

    @Override
    public Future<?> start() {
        LoadEngineRef ref = new LoadEngineRef();
        return openFlows(ref).map(selector -> {
            startedAt = Instant.now();
            startCpuNanos = processCpuNanos();
            startNanos = System.nanoTime();
            engine = new LoadEngine(config, selector, identities(), () -> System.nanoTime() - startNanos,
                    System.nanoTime());
            ref.set(engine);
            tickTimer = vertx.setPeriodic(1, id -> tick());
            return null;
        });
    }

    private Future<LoadEngine.FlowSelector> openFlows(LoadEngineRef ref) {
        String bind = bindHost();
        if (config.transport() == TransportProtocol.UDP) {
            return UdpFlow.open(vertx, config.target(), bind, ref).map(flow -> {
                udpFlows.add(flow);
                return index -> flow;
            });
        }
        if (config.transport().webSocket()) {
            return openWebSockets(ref);
        }
        NetClientOptions options = new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5000);
        if (config.transport() == TransportProtocol.TLS) {
            options.setSsl(true);
            if (config.tlsCa().isPresent()) {
                options.setTrustOptions(new PemTrustOptions().addCertPath(config.tlsCa().get().toString()))
                        .setHostnameVerificationAlgorithm("HTTPS");
            } else {
                options.setTrustAll(true).setHostnameVerificationAlgorithm("");
            }
        }
        netClient = vertx.createNetClient(options);
        List<Future<StreamFlow>> connecting = new ArrayList<>();
        for (int i = 0; i < config.connections(); i++) {
            connecting.add(StreamFlow.connect(vertx, netClient, config.target(), config.transport().viaName(), ref));
        }
        return Future.all(connecting).map(all -> {
            for (int i = 0; i < connecting.size(); i++) {
                streamFlows.add(all.resultAt(i));
            }
            StreamFlow[] flows = streamFlows.toArray(StreamFlow[]::new);
            return index -> flows[(int) (index % flows.length)];
        });
    }

    /** {@code connections} WebSocket connections with the {@code sip} subprotocol (RFC 7118 §4). */
    private Future<LoadEngine.FlowSelector> openWebSockets(LoadEngineRef ref) {
        boolean secure = config.transport() == TransportProtocol.WSS;
        io.vertx.core.http.WebSocketClientOptions options = new io.vertx.core.http.WebSocketClientOptions()
                .setConnectTimeout(5000).setTcpNoDelay(true).setSsl(secure);
        if (secure && config.tlsCa().isPresent()) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(config.tlsCa().get().toString()))
                    .setVerifyHost(true);
        } else if (secure) {
            options.setTrustAll(true).setVerifyHost(false);
        }
        wsClient = vertx.createWebSocketClient(options);
        List<Future<WsFlow>> connecting = new ArrayList<>();
        for (int i = 0; i < config.connections(); i++) {
            connecting.add(WsFlow.connect(vertx, wsClient, config.target(), config.transport().viaName(), secure,
                    ref));
        }
        return Future.all(connecting).map(all -> {
            WsFlow[] flows = new WsFlow[connecting.size()];
            for (int i = 0; i < flows.length; i++) {
                flows[i] = all.resultAt(i);
                wsFlows.add(flows[i]);
            }
            return index -> flows[(int) (index % flows.length)];
        });
    }

    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private String bindHost() {
        var address = config.target().getAddress();
        if (address.isLoopbackAddress()) {
            return address instanceof java.net.Inet6Address ? "::1" : "127.0.0.1";
        }
        return address instanceof java.net.Inet6Address ? "::" : "0.0.0.0";
    }

    private IdentitySource identities() {
        if (signer.isEmpty()) {
            return IdentitySource.NONE;
        }
        PassportSigner s = signer.get();
        return (orig, dest, ok, failed) -> vertx.executeBlocking(() -> s.identityHeader(orig, dest), false)
                .onSuccess(ok::accept).onFailure(failed::accept);
    }

    private void tick() {
        engine.tick();
        long now = System.nanoTime() - startNanos;
        long second = now / 1_000_000_000L;
        if (second > lastProgressSecond) {
            lastProgressSecond = second;
            progress.accept(ProgressLine.format(engine, second));
        }
        if (engine.finished()) {
            vertx.cancelTimer(tickTimer);
            engine.stats().close(now);
            double wall = now / 1e9;
            long cpu = processCpuNanos();
            double cpuSeconds = cpu < 0 || startCpuNanos < 0 ? 0 : (cpu - startCpuNanos) / 1e9;
            LoadTestResult r = ResultAssembler.assemble(config, engine, startedAt, wall, certificateUrl, cpuSeconds);
            closeFlows().onComplete(v -> result.complete(r));
        }
    }

    private Future<?> closeFlows() {
        List<Future<?>> closing = new ArrayList<>();
        udpFlows.forEach(f -> closing.add(f.close()));
        streamFlows.forEach(f -> closing.add(f.close()));
        wsFlows.forEach(f -> closing.add(f.close()));
        if (netClient != null) {
            closing.add(netClient.close());
        }
        if (wsClient != null) {
            closing.add(wsClient.close());
        }
        return Future.join(closing);
    }

    @Override
    public Future<?> stop() {
        if (tickTimer >= 0) {
            vertx.cancelTimer(tickTimer);
        }
        return closeFlows();
    }
}
