package io.vouch.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of docs/architecture.md, checked on the compiled classes of every module (the launcher's test
 * classpath holds them all): services and the edge talk only through topics and the envelope, {@code internal}
 * packages stay inside their module, the shared codec knows neither Vert.x nor Kafka, and only the launcher starts
 * the embedded broker.
 */
class LayeringTest {
    /** Root packages of the components that must not depend on one another. */
    private static final List<String> COMPONENTS = List.of("edge", "auth", "registrar", "identity", "cert", "media");
    /** Root packages owning an {@code internal} package, one per module. */
    private static final List<String> MODULE_ROOTS = List.of("io.vouch.sip", "io.vouch.sdp", "io.vouch.seal", "io.vouch.proto",
            "io.vouch.runtime", "io.vouch.edge", "io.vouch.auth", "io.vouch.registrar", "io.vouch.identity",
            "io.vouch.cert", "io.vouch.media", "io.vouch.loadtest", "io.vouch.standalone");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.vouch");
    }

    @Test
    void seesEveryComponent() {
        for (String c : List.of("sip", "proto", "runtime", "broker", "edge", "auth", "registrar", "identity")) {
            assertTrue(classes.containPackage("io.vouch." + c), "no classes of io.vouch." + c + " on the classpath");
        }
    }

    @Test
    void servicesAndTheEdgeNeverDependOnEachOther() {
        slices().matching("io.vouch.(" + String.join("|", COMPONENTS) + ")..").should().notDependOnEachOther()
                .allowEmptyShould(false).check(classes);
    }

    @Test
    void internalPackagesAreUsedOnlyInsideTheirModule() {
        for (String root : MODULE_ROOTS) {
            if (classes.containPackage(root + ".internal")) {
                noClasses().that().resideOutsideOfPackage(root + "..").should().dependOnClassesThat()
                        .resideInAPackage(root + ".internal..")
                        .because(root + ".internal is private to its module (conventions: API at the root)")
                        .check(classes);
            }
        }
    }

    @Test
    void onlyTheLauncherUsesTheEmbeddedBroker() {
        noClasses().that().resideOutsideOfPackages("io.vouch.broker..", "io.vouch.standalone..").should()
                .dependOnClassesThat().resideInAnyPackage("io.vouch.broker..", "kafka..", "org.apache.kafka.server..",
                        "org.apache.kafka.metadata..", "org.apache.kafka.raft..")
                .because("the broker module is for the one-JVM launcher and tests, not a service dependency")
                .check(classes);
    }

    @Test
    void theSharedCodecKnowsNeitherVertxNorKafka() {
        noClasses().that().resideInAnyPackage("io.vouch.sip..", "io.vouch.sdp..", "io.vouch.seal..",
                        "io.vouch.proto..").should()
                .dependOnClassesThat().resideInAnyPackage("io.vertx..", "org.apache.kafka..", "io.vouch.runtime..")
                .check(classes);
    }
}
