package io.vouch.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vouch.proto.SipEvent;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.TopicSpec;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.runtime.testing.StageEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rough stage throughput against the embedded broker: each record is handled and forwarded to another topic (one
 * acknowledged produce per record). Run on demand:
 * {@code ./mvnw -pl runtime verify -Dit.test=StageThroughputIT -DargLine=-Dvouch.bench=true}.
 */
@EnabledIfSystemProperty(named = "vouch.bench", matches = "true")
class StageThroughputIT {

    @Test
    void forwardsManyRecordsAndReportsTheRate() throws Exception {
        int total = Integer.getInteger("vouch.bench.records", 20_000);
        int partitions = 4;
        String input = KafkaTestSupport.uniqueTopic("bench.in");
        String output = KafkaTestSupport.uniqueTopic("bench.out");
        KafkaTestSupport.createTopics(List.of(TopicSpec.stream(input, partitions, Duration.ofHours(1)),
                TopicSpec.stream(output, partitions, Duration.ofHours(1))));
        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BusProducer producer = BusProducer.create(KafkaTestSupport.settings(), registry);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                SipEvent e = StageEvents.event("bench", "tx" + i, "INVITE sip:" + i + "@example.com SIP/2.0");
                sends.add(producer.send(input, "call-" + i, e.toByteArray()));
            }
            Future.all(new ArrayList<>(sends)).await(120, TimeUnit.SECONDS);

            AtomicInteger handled = new AtomicInteger();
            StageConfig cfg = StageConfig.of("bench", List.of(input), KafkaTestSupport.uniqueGroup("bench"),
                    KafkaTestSupport.settings()).withMaxInFlight(Integer.getInteger("vouch.bench.inflight", 256));
            long t0 = System.nanoTime();
            vertx.deployVerticle(StageVerticle.builder(cfg, r -> {
                handled.incrementAndGet();
                return Future.succeededFuture(List.of(Outcome.forward(output, r.key(), r.event())));
            }, registry).producer(producer).build()).await(20, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (registry.get("vouch.stage.records.completed").counter().count() < total
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(total, (int) registry.get("vouch.stage.records.completed").counter().count());
            var timer = registry.get("vouch.stage.duration").timer();
            System.out.printf("STAGE BENCH: %d records in %.2f s = %.0f records/s (incl. group join); "
                            + "mean handle-to-ack %.2f ms, max %.1f ms%n", total, seconds, total / seconds,
                    timer.mean(TimeUnit.MILLISECONDS), timer.max(TimeUnit.MILLISECONDS));
        } finally {
            vertx.close().await(20, TimeUnit.SECONDS);
            producer.close();
        }
    }
}
