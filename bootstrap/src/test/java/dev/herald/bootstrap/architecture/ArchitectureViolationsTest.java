package dev.herald.bootstrap.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.herald.adapters.persistence.violation.PersistenceUsingWebsocket;
import dev.herald.adapters.persistence.violation.cycle.a.CycleA;
import dev.herald.adapters.persistence.violation.cycle.b.CycleB;
import dev.herald.adapters.websocket.engineio.violation.CodecUsingUndertow;
import dev.herald.adapters.websocket.socketio.violation.CodecUsingTheApplication;
import dev.herald.adapters.websocket.violation.WebsocketUsingBootstrap;
import dev.herald.adapters.websocket.violation.WebsocketUsingPersistenceFixture;
import dev.herald.application.violation.ApplicationUsingUndertow;
import dev.herald.domain.violation.DomainCallingTheApplication;
import dev.herald.domain.violation.DomainUsingJdbc;
import org.junit.jupiter.api.Test;

/**
 * Each architecture rule, evaluated over a few classes that break it on purpose (test sources, placed in the
 * packages the rules guard), must report them. A rule that names a package that does not exist, or that is phrased
 * so it cannot fail, is caught here.
 */
class ArchitectureViolationsTest {

    @Test
    void theDomainRuleReportsADomainClassThatReachesTheApplicationOrJdbc() {
        assertReports(HeraldArchitecture.DOMAIN_DEPENDS_ONLY_ON_THE_JDK,
                importing(DomainCallingTheApplication.class, DomainUsingJdbc.class),
                "DomainCallingTheApplication", "DomainUsingJdbc");
    }

    @Test
    void theApplicationRuleReportsAUseCaseThatKnowsUndertow() {
        assertReports(HeraldArchitecture.APPLICATION_DEPENDS_ONLY_ON_DOMAIN_AND_JDK,
                importing(ApplicationUsingUndertow.class), "ApplicationUsingUndertow");
    }

    @Test
    void theAdapterIndependenceRuleReportsPersistenceCallingWebsocket() {
        assertReports(HeraldArchitecture.PERSISTENCE_DOES_NOT_USE_WEBSOCKET,
                importing(PersistenceUsingWebsocket.class), "PersistenceUsingWebsocket");
    }

    @Test
    void theAdapterIndependenceRuleReportsWebsocketCallingPersistence() {
        // The mirror rule over the mirror fixture: a websocket class that reaches into persistence.
        assertReports(HeraldArchitecture.WEBSOCKET_DOES_NOT_USE_PERSISTENCE,
                importing(WebsocketUsingPersistenceFixture.class, PersistenceUsingWebsocket.class),
                "WebsocketUsingPersistenceFixture");
    }

    @Test
    void theBootstrapRuleReportsAnAdapterThatReachesIntoBootstrap() {
        assertReports(HeraldArchitecture.NOTHING_DEPENDS_ON_BOOTSTRAP,
                importing(WebsocketUsingBootstrap.class, dev.herald.bootstrap.Main.class), "WebsocketUsingBootstrap");
    }

    @Test
    void theCodecRuleReportsCodecsUsingUndertowOrTheApplication() {
        assertReports(HeraldArchitecture.CODECS_ARE_FREE_OF_UNDERTOW_AND_THE_APPLICATION,
                importing(CodecUsingUndertow.class, CodecUsingTheApplication.class),
                "CodecUsingUndertow", "CodecUsingTheApplication");
    }

    @Test
    void theCycleRuleReportsAPackageCycle() {
        assertReports(HeraldArchitecture.NO_PACKAGE_CYCLES, importing(CycleA.class, CycleB.class), "CycleA", "CycleB");
    }

    @Test
    void theRulesAcceptClassesThatFollowThem() {
        JavaClasses clean = importing(dev.herald.domain.Offset.class, dev.herald.bootstrap.Main.class);
        assertFalse(HeraldArchitecture.NOTHING_DEPENDS_ON_BOOTSTRAP.evaluate(clean).hasViolation());
    }

    private static JavaClasses importing(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    private static void assertReports(ArchRule rule, JavaClasses classes, String... offenders) {
        EvaluationResult result = rule.evaluate(classes);
        assertTrue(result.hasViolation(), "rule should fail on the fixtures: " + rule.getDescription());
        String report = String.join("\n", result.getFailureReport().getDetails());
        for (String offender : offenders) {
            assertTrue(report.contains(offender), "rule should name " + offender + ":\n" + report);
        }
    }
}
