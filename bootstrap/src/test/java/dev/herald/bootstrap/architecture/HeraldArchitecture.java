package dev.herald.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;

import com.tngtech.archunit.lang.ArchRule;

/**
 * Herald's layering as ArchUnit rules. Maven modules enforce the coarse boundaries (a module cannot import what it
 * does not depend on); these rules pin the finer ones and say why. {@code ArchitectureViolationsTest} shows each
 * rule failing on a deliberate violation, so none can pass vacuously.
 */
final class HeraldArchitecture {

    static final String DOMAIN = "dev.herald.domain..";
    static final String APPLICATION = "dev.herald.application..";
    static final String PERSISTENCE = "dev.herald.adapters.persistence..";
    static final String WEBSOCKET = "dev.herald.adapters.websocket..";
    static final String BOOTSTRAP = "dev.herald.bootstrap..";
    static final String ENGINE_IO_CODEC = "dev.herald.adapters.websocket.engineio..";
    static final String SOCKET_IO_CODEC = "dev.herald.adapters.websocket.socketio..";

    /** The domain is pure: the JDK's core packages and nothing else, not even java.sql or logging. */
    static final ArchRule DOMAIN_DEPENDS_ONLY_ON_THE_JDK = classes().that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java.lang..", "java.util..",
                    "java.time..", "java.math..", "java.io..", "java.nio.charset..")
            .because("the domain model must stay free of frameworks, storage and the wire");

    /** The use cases see the domain and the JDK only; storage and the wire come in through ports. */
    static final ArchRule APPLICATION_DEPENDS_ONLY_ON_DOMAIN_AND_JDK = classes().that().resideInAPackage(APPLICATION)
            .should().onlyDependOnClassesThat().resideInAnyPackage(APPLICATION, DOMAIN, "java..")
            .because("use cases reach the world only through their ports");

    /** Adapters plug into ports and never into each other: either can be replaced alone. */
    static final ArchRule PERSISTENCE_DOES_NOT_USE_WEBSOCKET = noClasses().that().resideInAPackage(PERSISTENCE)
            .should().dependOnClassesThat().resideInAPackage(WEBSOCKET)
            .because("adapters are independent of each other");

    static final ArchRule WEBSOCKET_DOES_NOT_USE_PERSISTENCE = noClasses().that().resideInAPackage(WEBSOCKET)
            .should().dependOnClassesThat().resideInAPackage(PERSISTENCE)
            .because("adapters are independent of each other");

    /** Only bootstrap knows the whole graph; nothing may reach back into it. */
    static final ArchRule NOTHING_DEPENDS_ON_BOOTSTRAP = noClasses().that().resideOutsideOfPackage(BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP)
            .because("the composition root depends on everything, so nothing may depend on it");

    /** The protocol codecs and state machines are pure: no Undertow, no use cases, testable on strings. */
    static final ArchRule CODECS_ARE_FREE_OF_UNDERTOW_AND_THE_APPLICATION = noClasses()
            .that().resideInAnyPackage(ENGINE_IO_CODEC, SOCKET_IO_CODEC)
            .should().dependOnClassesThat().resideInAnyPackage("io.undertow..", "org.xnio..", APPLICATION)
            .because("codecs are pure functions over text and bytes (STYLE.md)");

    /** Where jOOQ writes the classes it generates from the migrated schema; its layout is jOOQ's, not ours. */
    static final String GENERATED_JOOQ = "dev.herald.adapters.persistence.jooq..";

    /** No package cycles anywhere in Herald's own code (jOOQ's generated tables refer back to their schema). */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.herald.(**)")
            .should().beFreeOfCycles()
            .ignoreDependency(resideInAPackage(GENERATED_JOOQ), resideInAPackage(GENERATED_JOOQ));

    private HeraldArchitecture() {
    }
}
