package io.vouch.standalone;

import io.vertx.core.json.JsonObject;
import io.vouch.auth.AuthConfig;
import io.vouch.cert.CertKeys;
import io.vouch.edge.EdgeKeys;
import io.vouch.identity.IdentityKeys;
import io.vouch.media.MediaKeyingConfig;
import io.vouch.registrar.DeliveryConfig;
import io.vouch.registrar.RegistrarConfig;
import io.vouch.runtime.ManagementConfig;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import io.vouch.runtime.config.ConfigDocs;
import io.vouch.runtime.config.ConfigModel;
import io.vouch.runtime.config.Validator;
import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.runtime.kafka.TopicPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration model of the whole ensemble: every component's declared keys, the launcher's own, and the one
 * reading rule for defaults, the {@code --config} file and {@code --set} flags.
 */
final class VouchConfig {
    private VouchConfig() {
    }

    static final String STIR_HTTPS_PORT = "stir.https.port";

    /** Keys of the embedded mode's development STIR certificate server. */
    static final ConfigDef LAUNCHER = ConfigDef.of("launcher", "stir.", "Launcher (embedded mode)")
            .define(STIR_HTTPS_PORT, Type.INT, 9443, Validator.between(0, 65535), Importance.LOW,
                    "port of the development STIR certificate server (0: any free port)");

    /** Whether the launcher creates missing shared topics ({@code Ensemble.TOPICS_ENSURE_KEY}). */
    static final ConfigDef TOPICS = ConfigDef.of("topics", "topics.", "Shared topics")
            .define("topics.ensure", Type.BOOLEAN, true, Importance.MEDIUM,
                    "create the shared topics that are missing at start; false where a topic operator owns them "
                    + "(Kubernetes with Strimzi), so no process needs a Create right on them")
            .include(TopicPolicy.DEF);

    static final String EVENT_LOOPS = "vertx.event.loops";

    /** The process's Vert.x instance. */
    static final ConfigDef VERTX = ConfigDef.of("vertx", "vertx.", "Vert.x (the process's event loops)")
            .define(EVENT_LOOPS, Type.INT, 16, Validator.between(1, 1024), Importance.LOW,
                    "event-loop threads; verticles take them in turn, so with at least one per verticle (16 covers "
                    + "every service of one process) no stage or edge shares its loop with another's work "
                    + "(Vert.x's own default, twice the cores, put the edge and a stage on one thread)");

    /** Every component, in the order `vouch config` prints them. */
    static final ConfigModel MODEL = ConfigModel.of(EdgeKeys.DEF, AuthConfig.DEF, RegistrarConfig.DEF,
            DeliveryConfig.DEF, IdentityKeys.DEF, CertKeys.DEF, MediaKeyingConfig.DEF, StageConfig.DEF,
            KafkaSettings.DEF, ManagementConfig.DEF, TOPICS, StartupGate.DEF, LAUNCHER, VERTX);

    /** The reference `vouch config` prints. */
    static String help() {
        return "Configuration keys (--config FILE as nested or flat JSON, or --set KEY=VALUE):\n\n"
                + ConfigDocs.text(MODEL) + ConfigDocs.text(ConfigModel.of(IdentityKeys.SIGN_KEY));
    }

    /** The component declared under {@code name}, for README tables. */
    static Optional<ConfigDef> component(String name) {
        if (name.equals(IdentityKeys.SIGN_KEY.component())) {
            return Optional.of(IdentityKeys.SIGN_KEY);
        }
        return MODEL.components().stream().filter(d -> d.component().equals(name)).findFirst();
    }

    /** One layer (defaults, file or flags) read into current flat names; old names are renamed with a warning. */
    static Map<String, Object> read(JsonObject layer) {
        return MODEL.read(layer);
    }

    /** Layers merged (later wins), unknown keys and bad values refused naming the key. */
    @SafeVarargs
    static JsonObject merge(Map<String, Object>... layers) {
        Map<String, Object> flat = new LinkedHashMap<>();
        for (Map<String, Object> l : layers) {
            flat.putAll(l);
        }
        MODEL.validate(flat);
        return new JsonObject(flat);
    }
}
