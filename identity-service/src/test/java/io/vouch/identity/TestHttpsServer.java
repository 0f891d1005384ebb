package io.vouch.identity;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** A real HTTPS server on loopback that serves fixed bodies with chosen headers and counts requests per path. */
public final class TestHttpsServer implements AutoCloseable {
    public record Resource(int status, byte[] body, Map<String, String> headers, long delayMillis) {
    }

    private final HttpsServer server;
    private final Map<String, Resource> resources = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public TestHttpsServer(SSLContext tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Resource r = resources.get(path);
            try {
                if (r == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                if (r.delayMillis() > 0) {
                    Thread.sleep(r.delayMillis());
                }
                r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(r.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public String put(String path, String body, Map<String, String> headers) {
        resources.put(path, new Resource(200, body.getBytes(StandardCharsets.UTF_8), headers, 0));
        return url(path);
    }

    public String put(String path, Resource r) {
        resources.put(path, r);
        return url(path);
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
