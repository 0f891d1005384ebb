package io.vouch.standalone;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of {@code vouch run}, turned into the one configuration object every component reads.
 *
 * <p>Precedence: built-in defaults, then the {@code --config} files in order, then
 * flags. Each layer is read by the one
 * configuration reader ({@link VouchConfig}): nested and flat JSON alike, old key names renamed with a warning; the
 * merged result is checked against every component's declarations (an unknown key or a bad value is refused naming
 * the key) and held as flat current key names, which every component reads.
 */
record LaunchOptions(JsonObject config, boolean embeddedKafka, Path dataDir, int kafkaPort, int partitions,
        Set<String> services, boolean devSecrets) {

    static final List<String> ALL_SERVICES = List.of("registrar", "auth", "identity", "media", "cert", "edge");

    static final String USAGE = """
            Usage: vouch run [options]       start the ensemble (embedded Kafka unless --kafka is given)
                   vouch users <command>     manage digest credentials (vouch users --help)
                   vouch certs <command>     manage repository certificates (vouch certs --help)
                   vouch smime <command>     sign, verify, encrypt, decrypt S/MIME files (vouch smime --help)
                   vouch broker [options]    run one node of a KRaft Kafka cluster (vouch broker --help)
                   vouch config              every configuration key with type, default, valid values and doc

            Options of run:
              --kafka HOST:PORT[,...]   use this Kafka cluster instead of the embedded broker
              --kafka-port N            port of the embedded broker (default 9092)
              --data-dir DIR            embedded broker data and the development TLS certificate (default .vouch)
              --config FILE             JSON configuration (dotted keys, flat or nested: {"edge":{"max.in.flight":500}}); repeatable,
                                        later files override earlier ones key by key
              --services LIST           which components this process runs (default registrar,auth,identity,media,cert,edge)
              --sip-host ADDR           address the SIP listeners bind to (default 127.0.0.1)
              --edge-id ID              this edge's id, naming its reply topic vouch.edge.<id> (default edge-1)
              --management-port N       /metrics and /health port (default 9464, 0 = any free port)
              --partitions N            partitions of the stage and state topics created at start (default 6)
              --dev-secrets             with --kafka too: the development nonce and seal keys, STIR PKI and TLS
                                        certificate kept in --data-dir (share the directory between the processes
                                        of a test cluster; the embedded mode always uses them)
              --set KEY=VALUE           any configuration key (repeatable; `vouch config` lists them)
              --help-config             every configuration key with type, default, valid values and doc
              -h, --help                this text
            """;

    /** Parses {@code run} arguments; throws IllegalArgumentException naming the bad option. */
    static LaunchOptions parse(String[] args) throws IOException {
        JsonObject flags = new JsonObject();
        JsonObject file = new JsonObject();
        String kafka = null;
        Path dataDir = Path.of(".vouch");
        int kafkaPort = 9092;
        int partitions = 6;
        Set<String> services = new LinkedHashSet<>(ALL_SERVICES);
        boolean devSecrets = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--kafka" -> kafka = value(args, ++i, a);
                case "--kafka-port" -> kafkaPort = integer(value(args, ++i, a), a);
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
                // repeatable: later files override earlier ones key by key (e.g. settings, then a Secret's keys)
                case "--config" -> file.mergeIn(new JsonObject(Files.readString(Path.of(value(args, ++i, a)))), true);
                case "--services" -> services = services(value(args, ++i, a));
                case "--sip-host" -> flags.put("edge.sip.host", value(args, ++i, a));
                case "--edge-id" -> flags.put("edge.id", value(args, ++i, a));
                case "--management-port" -> flags.put("management.port", integer(value(args, ++i, a), a));
                case "--partitions" -> partitions = integer(value(args, ++i, a), a);
                case "--dev-secrets" -> devSecrets = true;
                case "--set" -> {
                    String kv = value(args, ++i, a);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set needs KEY=VALUE: " + kv);
                    }
                    flags.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1");
        }
        boolean embedded = kafka == null;
        JsonObject config = VouchConfig.merge(VouchConfig.read(defaults(dataDir)), VouchConfig.read(file),
                VouchConfig.read(flags), Map.of("kafka.bootstrap.servers", embedded ? "127.0.0.1:" + kafkaPort : kafka));
        return new LaunchOptions(config, embedded, dataDir, kafkaPort, partitions, services, embedded || devSecrets);
    }

    private static JsonObject defaults(Path dataDir) {
        return new JsonObject()
                .put("edge.sip.host", "127.0.0.1")
                .put("management.host", "127.0.0.1")
                .put("edge.data.dir", dataDir.toString())
                .put("edge.sip.domains", "127.0.0.1,localhost")
                .put("auth.realms", "127.0.0.1,localhost")
                // Load tests and local peers come from loopback; everything else is rate limited per source.
                .put("edge.rate.limit.exempt.sources", "127.0.0.1,::1");
    }

    private static Set<String> services(String list) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : list.split(",")) {
            String name = s.trim();
            if (!ALL_SERVICES.contains(name)) {
                throw new IllegalArgumentException("unknown service in --services: " + name + " (known: "
                        + String.join(",", ALL_SERVICES) + ")");
            }
            out.add(name);
        }
        // Start order matters: consumers first, the edge last so no request arrives before its stage exists.
        List<String> ordered = new ArrayList<>(ALL_SERVICES);
        ordered.retainAll(out);
        return new LinkedHashSet<>(ordered);
    }

    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static int integer(String v, String option) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number: " + v);
        }
    }
}
