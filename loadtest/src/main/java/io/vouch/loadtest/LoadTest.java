package io.vouch.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vouch.loadtest.internal.CertServer;
import io.vouch.loadtest.internal.CommandLine;
import io.vouch.loadtest.internal.HtmlReport;
import io.vouch.loadtest.internal.LoadVerticle;
import io.vouch.loadtest.internal.LoopbackResponder;
import io.vouch.loadtest.internal.PassportSigner;
import io.vouch.loadtest.internal.SummaryTable;
import io.vouch.loadtest.internal.TestStiPki;
import io.vouch.loadtest.internal.WarmUp;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The SIP load tester: many simulated user agents in one process issuing calls open-loop at a scheduled rate
 * (RFC 3261 client transactions, digest per RFC 7616/8760, STIR per RFC 8224/8225/8588), with results as a
 * terminal summary, JSON and a self-contained HTML report. {@link #main} is the command line;
 * {@link #run(LoadTestConfig, Consumer)} and {@link #run(Vertx, LoadTestConfig, Consumer)} are for tests and tools.
 */
public final class LoadTest {

    private LoadTest() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status (0 success, 1 failed calls or no passing step, 2 usage). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("media-check")) {
            return MediaCheck.execute(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        switch (CommandLine.parse(args)) {
            case CommandLine.Help h -> {
                out.print(h.text());
                return 0;
            }
            case CommandLine.Invalid i -> {
                err.println("vouch-loadtest: " + i.message());
                err.println("Try --help.");
                return 2;
            }
            case CommandLine.Run run -> {
                LoadTestConfig config = run.config();
                boolean progress = run.progress().orElse(System.console() != null || config.progress());
                Consumer<String> sink = progress ? line -> err.println(line) : line -> { };
                err.println("vouch-loadtest: " + io.vouch.loadtest.internal.ResultAssembler.describe(config));
                LoadTestResult result;
                try {
                    result = run(config, sink);
                } catch (RunFailure e) {
                    err.println("vouch-loadtest: " + e.getMessage());
                    return 1;
                }
                out.print(SummaryTable.format(result));
                try {
                    writeReports(config, result);
                } catch (IOException e) {
                    err.println("vouch-loadtest: cannot write a report: " + e.getMessage());
                    return 1;
                }
                config.jsonOut().ifPresent(p -> out.println("  JSON result: " + p));
                config.htmlOut().ifPresent(p -> out.println("  HTML report: " + p));
                boolean ok = config.findMax() || config.profile().stepCount() > 1
                        ? result.maxSustainableRate().isPresent()
                        : result.allSucceeded();
                return ok ? 0 : 1;
            }
        }
    }

    /** Writes the JSON result and the HTML report where the configuration says. */
    public static void writeReports(LoadTestConfig config, LoadTestResult result) throws IOException {
        if (config.jsonOut().isPresent()) {
            write(config.jsonOut().get(), result.toJson().encodePrettily() + "\n");
        }
        if (config.htmlOut().isPresent()) {
            write(config.htmlOut().get(), HtmlReport.render(result));
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Why a run could not take place (target unreachable, certificate server port taken...). */
    public static final class RunFailure extends Exception {
        public RunFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Runs on a private Vert.x instance and blocks until the run is over. */
    public static LoadTestResult run(LoadTestConfig config, Consumer<String> progress) throws RunFailure {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
        try {
            // The load, the last calls' Timer B/F, start and stop, and the warm-up (20 s in memory at most, 2 s over
            // loopback with a 6.4 s drain).
            long bound = config.profile().totalNanos() + config.transactionTimeout().toNanos()
                    + TimeUnit.SECONDS.toNanos(config.warmUp() ? 90 : 30);
            return run(vertx, config, progress).toCompletionStage().toCompletableFuture()
                    .get(bound, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RunFailure("run failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new RunFailure("run did not end within its bound", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailure("interrupted", e);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null)
                    .join();
        }
    }

    /**
     * Runs on the given Vert.x instance: starts the certificate server when a scenario needs signed Identity
     * headers, deploys the load verticle, and completes with the result after undeploying it.
     */
    public static Future<LoadTestResult> run(Vertx vertx, LoadTestConfig config, Consumer<String> progress) {
        boolean verify = config.scenarios().containsKey(Scenario.INVITE_VERIFY);
        Future<Optional<CertServer>> certServer = Future.succeededFuture(Optional.empty());
        Optional<TestStiPki> pki = Optional.empty();
        if (verify) {
            try {
                TestStiPki.Ca ca = TestStiPki.loadOrCreateCa(config.pkiDir(), Clock.systemUTC());
                pki = Optional.of(new TestStiPki(ca, Clock.systemUTC(), "LOADTEST", config.fromTn(),
                        config.tnCount()));
            } catch (IOException | RuntimeException e) {
                return Future.failedFuture(new IOException("test PKI in " + config.pkiDir() + ": " + e.getMessage(), e));
            }
            String host = config.target().getAddress() instanceof java.net.Inet6Address ? "::1" : "127.0.0.1";
            certServer = CertServer.start(vertx, pki.get(), host, config.certServerPort()).map(Optional::of);
        }
        Optional<TestStiPki> keys = pki;
        Future<?> warm = config.warmUp()
                ? vertx.executeBlocking(() -> {
                    progress.accept("warming up the load generator in memory (nothing is sent) ...");
                    WarmUp.Report w = WarmUp.run(config, Duration.ofSeconds(20));
                    progress.accept(String.format(java.util.Locale.ROOT,
                            "warm-up: %d in-memory calls, %.1f us of CPU per call", w.calls(), w.cpuMicrosPerCall()));
                    return w;
                }, false)
                : Future.succeededFuture();
        Future<Optional<CertServer>> serving = certServer;
        return warm.compose(w -> serving).compose(server -> {
            Optional<String> url = server.map(CertServer::url);
            Optional<PassportSigner> signer = keys.map(k -> new PassportSigner(k.signingKey(), url.orElseThrow(),
                    "A", Clock.systemUTC()));
            signer.ifPresent(x -> progress.accept("signing PASSporTs with " + PassportSigner.providerName()));
            Future<Void> loopback = config.warmUp()
                    ? loopbackWarmUp(vertx, config, signer, url, progress) : Future.succeededFuture();
            return loopback.compose(v -> deployAndWait(vertx, new LoadVerticle(config, signer, url, progress)))
                    .eventually(() -> server.map(CertServer::close).orElse(Future.succeededFuture()));
        });
    }

    private static Future<LoadTestResult> deployAndWait(Vertx vertx, LoadVerticle verticle) {
        return vertx.deployVerticle(verticle).compose(id -> verticle.result().compose(r -> vertx.undeploy(id).map(r)));
    }

    /**
     * Two seconds of the run's scenarios at 500 calls/s over real UDP against a responder inside this process on 127.0.0.1, so the
     * socket and event-loop paths are compiled before the measured run; nothing reaches the target.
     */
    private static Future<Void> loopbackWarmUp(Vertx vertx, LoadTestConfig config, Optional<PassportSigner> signer,
                                               Optional<String> url, Consumer<String> progress) {
        return LoopbackResponder.start(vertx).compose(responder -> {
            LoadTestConfig warm = LoadTestConfig.builder().target(responder.address())
                    .transport(TransportProtocol.UDP).mix(config.scenarios())
                    .users(config.users().isEmpty()
                            ? java.util.List.of(new SipUser("warmup", "warmup", Optional.empty())) : config.users())
                    .algorithm(config.algorithm()).rate(500)
                    .duration(Duration.ofSeconds(2)).t1(Duration.ofMillis(100)).t2(Duration.ofMillis(400)).fromTn(config.fromTn())
                    .toTn(config.toTn()).tnCount(config.tnCount()).pkiDir(config.pkiDir()).warmUp(false).build();
            return deployAndWait(vertx, new LoadVerticle(warm, signer, url, line -> { }))
                    .onSuccess(r -> progress.accept(String.format(java.util.Locale.ROOT,
                            "loopback warm-up: %d of %d calls answered, p99 %.2f ms (nothing sent to the target)",
                            r.succeeded(), r.issued(), r.responseTime().p99Ms())))
                    .eventually(responder::close).mapEmpty();
        });
    }
}
