package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BrokerCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return BrokerCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsItsUsage() throws Exception {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--voters"));
    }

    @Test
    void refusesToStartWithoutTheQuorum() throws Exception {
        assertEquals(2, run("--node-id", "1", "--port", "19092"));
        assertTrue(errors().contains("--voters"), errors());
    }

    @Test
    void refusesANodeThatIsNotAVoter() throws Exception {
        assertEquals(2, run("--node-id", "4", "--port", "19092", "--controller-port", "19093", "--voters",
                "1@127.0.0.1:19093,2@127.0.0.1:19094,3@127.0.0.1:19095"));
        assertTrue(errors().contains("not among --voters"), errors());
    }

    @Test
    void refusesMalformedVotersAndAMinimumAboveTheFactor() throws Exception {
        assertEquals(2, run("--node-id", "1", "--port", "19092", "--controller-port", "19093", "--voters",
                "1@127.0.0.1"));
        assertTrue(errors().contains("ID@HOST:PORT"), errors());
        assertEquals(2, run("--node-id", "1", "--port", "19092", "--controller-port", "19093", "--voters",
                "1@127.0.0.1:19093", "--min-insync-replicas", "2"));
        assertTrue(errors().contains("min.insync.replicas"), errors());
    }

    @Test
    void runOptionsTakeTheDevelopmentSecretsWithAnExternalCluster() throws Exception {
        assertTrue(LaunchOptions.parse(new String[] {"--kafka", "b1:9092", "--dev-secrets"}).devSecrets());
        assertEquals(false, LaunchOptions.parse(new String[] {"--kafka", "b1:9092"}).devSecrets());
        assertTrue(LaunchOptions.parse(new String[] {}).devSecrets());
    }

    @Test
    void acceptsEverySettingTheClusterScriptPasses() throws Exception {
        LaunchOptions o = LaunchOptions.parse(new String[] {"--kafka", "127.0.0.1:19150", "--services", "edge",
            "--dev-secrets", "--edge-id", "edge-2", "--set", "topics.replication.factor=3", "--set",
            "topics.min.insync.replicas=2", "--set", "auth.algorithms=MD5", "--set", "auth.realms=127.0.0.1",
            "--set", "edge.trusted.sources=127.0.0.1", "--set", "identity.trusted.sources=127.0.0.1", "--set",
            "stir.https.port=0", "--set", "cert.repository.https.port=0", "--set",
            "kafka.consumer.group.protocol=consumer", "--set", "kafka.consumer.group.instance.id=edge-2", "--set",
            "kafka.consumer.session.timeout.ms=10000", "--set", "edge.sip.udp.port=5151", "--set", "edge.sip.tcp.port=5151",
            "--set", "edge.sip.tls.port=-1"});
        assertEquals(new io.vouch.runtime.kafka.TopicPolicy(3, 2),
                io.vouch.runtime.kafka.TopicPolicy.from(o.config()));
    }
}
