package io.github.kafkaconnectvici;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package floors of the main code (README.md, "Layout"), checked on the compiled
 * classes: the VICI library below everything and free of Kafka; per connector a Connect face, a per-gateway
 * runtime and a pure record mapping; only the runtimes, the shared gateway package and the CLI talk to
 * {@code vici.session}; nothing imports upward or across connectors; no package cycles.
 */
class ArchitectureTest {

    private static final String BASE = "io.github.kafkaconnectvici";
    private static final String VICI = BASE + ".vici";
    private static final String SESSION = VICI + ".session..";
    private static final String CONNECT = BASE + ".connect";
    private static final String GATEWAY = CONNECT + ".gateway..";
    private static final String SOURCE_FACE = CONNECT + ".source";
    private static final String SINK_FACE = CONNECT + ".sink";
    private static final String SOURCE_RUNTIME = SOURCE_FACE + ".runtime..";
    private static final String SINK_RUNTIME = SINK_FACE + ".runtime..";
    private static final String SOURCE_RECORDS = SOURCE_FACE + ".records..";
    private static final String SINK_RECORDS = SINK_FACE + ".records..";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    @Test
    void theClassesAreImported() {
        // A wrong import path would make every rule below pass on nothing.
        assertThat(MAIN.stream().map(JavaClass::getPackageName).distinct())
                .contains(VICI + ".codec", VICI + ".session", VICI + ".cli", CONNECT, CONNECT + ".gateway",
                        SOURCE_FACE, SOURCE_FACE + ".runtime", SOURCE_FACE + ".records", SINK_FACE, SINK_FACE + ".runtime",
                        SINK_FACE + ".records");
    }

    @Test
    void theViciLibraryImportsNeitherConnectorCodeNorKafka() {
        noClasses().that().resideInAPackage(VICI + "..")
                .should().dependOnClassesThat().resideInAnyPackage(CONNECT + "..", "org.apache.kafka..")
                .check(MAIN);
    }

    @Test
    void nothingButTheCliItselfUsesTheCli() {
        // The plugin jar leaves vici.cli out (PluginArchiveIT): a connector using it would fail in the worker.
        noClasses().that().resideOutsideOfPackage(VICI + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(VICI + ".cli..")
                .check(MAIN);
    }

    @Test
    void theCodecImportsOnlyTheJdk() {
        classes().that().resideInAPackage(VICI + ".codec..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", VICI + ".codec..", VICI)
                .check(MAIN);
    }

    @Test
    void theSessionImportsOnlyTheJdkTheCodecAndSlf4j() {
        classes().that().resideInAPackage(SESSION)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", VICI + ".codec..",
                        SESSION, VICI, "org.slf4j..")
                .check(MAIN);
    }

    @Test
    void onlyTheRuntimesTheGatewayPackageAndTheCliUseTheSession() {
        noClasses().that().resideOutsideOfPackages(SESSION, VICI + ".cli..", GATEWAY, SOURCE_RUNTIME, SINK_RUNTIME)
                .should().dependOnClassesThat().resideInAPackage(SESSION)
                .check(MAIN);
    }

    @Test
    void theConnectorsNeverImportEachOther() {
        noClasses().that().resideInAPackage(SOURCE_FACE + "..")
                .should().dependOnClassesThat().resideInAPackage(SINK_FACE + "..")
                .check(MAIN);
        noClasses().that().resideInAPackage(SINK_FACE + "..")
                .should().dependOnClassesThat().resideInAPackage(SOURCE_FACE + "..")
                .check(MAIN);
    }

    @Test
    void theRecordMappingsImportNoRuntimeNoFaceNoGatewayAndNoSession() {
        noClasses().that().resideInAnyPackage(SOURCE_RECORDS, SINK_RECORDS)
                .should().dependOnClassesThat().resideInAnyPackage(SOURCE_RUNTIME, SINK_RUNTIME, SOURCE_FACE,
                        SINK_FACE, GATEWAY, SESSION)
                .check(MAIN);
    }

    @Test
    void theRuntimesNeverImportTheirFace() {
        noClasses().that().resideInAPackage(SINK_RUNTIME)
                .should().dependOnClassesThat().resideInAPackage(SINK_FACE)
                .check(MAIN);
        noClasses().that().resideInAPackage(SOURCE_RUNTIME)
                .should().dependOnClassesThat().resideInAPackage(SOURCE_FACE)
                .check(MAIN);
    }

    @Test
    void theSharedConnectPackageUsesNoConnectorAndNoSession() {
        noClasses().that().resideInAPackage(CONNECT)
                .should().dependOnClassesThat().resideInAnyPackage(SOURCE_FACE + "..", SINK_FACE + "..", SESSION)
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(MAIN);
    }
}
