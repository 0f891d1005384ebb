package io.vouch.loadtest.internal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * Serves the test signing certificate chain over HTTPS on loopback, at the URL the PASSporTs name in
 * {@code x5u}/{@code info} (RFC 8224 §7, RFC 8226 §9), with {@code application/pem-certificate-chain}
 * (RFC 8555 §9.1) and an hour of caching allowed.
 */
public final class CertServer {

    /** Path of the certificate chain. */
    public static final String PATH = "/sti/loadtest.pem";

    private final HttpServer server;
    private final String host;

    private CertServer(HttpServer server, String host) {
        this.server = server;
        this.host = host;
    }

    public static Future<CertServer> start(Vertx vertx, TestStiPki pki, String host, int port) {
        Buffer chain = Buffer.buffer(pki.signingChainPem());
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(pki.tlsChainPem())).setKeyValue(Buffer.buffer(pki.tlsKeyPem())));
        HttpServer server = vertx.createHttpServer(options).requestHandler(req -> {
            if (req.path().equals(PATH)) {
                req.response().putHeader("Content-Type", "application/pem-certificate-chain")
                        .putHeader("Cache-Control", "public, max-age=86400").end(chain);
            } else {
                req.response().setStatusCode(404).end();
            }
        });
        return server.listen(port, host).map(s -> new CertServer(s, host));
    }

    public int port() {
        return server.actualPort();
    }

    /** The HTTPS URL of the certificate chain. */
    public String url() {
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + PATH;
    }

    public Future<Void> close() {
        return server.close();
    }
}
