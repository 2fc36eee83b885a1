package dev.herald.bootstrap.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Herald's production classes, every module, checked against {@link HeraldArchitecture}. */
class ArchitectureTest {

    private static JavaClasses herald;

    @BeforeAll
    static void importProductionClasses() {
        // The other modules arrive as jars or class folders depending on the Maven phase; both are imported.
        herald = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.herald");
    }

    @Test
    void everyModuleIsImportedSoNoRuleChecksNothing() {
        Set<String> packages = herald.stream().map(c -> c.getPackageName()).collect(Collectors.toSet());
        for (String module : new String[] {"dev.herald.domain", "dev.herald.application",
                "dev.herald.adapters.persistence", "dev.herald.adapters.websocket", "dev.herald.bootstrap"}) {
            assertTrue(packages.stream().anyMatch(p -> p.equals(module) || p.startsWith(module + ".")),
                    module + " has classes under test; imported: " + packages);
        }
    }

    @Test
    void domainDependsOnlyOnTheJdk() {
        HeraldArchitecture.DOMAIN_DEPENDS_ONLY_ON_THE_JDK.check(herald);
    }

    @Test
    void applicationDependsOnlyOnDomainAndJdk() {
        HeraldArchitecture.APPLICATION_DEPENDS_ONLY_ON_DOMAIN_AND_JDK.check(herald);
    }

    @Test
    void adaptersAreIndependentOfEachOther() {
        HeraldArchitecture.PERSISTENCE_DOES_NOT_USE_WEBSOCKET.check(herald);
        HeraldArchitecture.WEBSOCKET_DOES_NOT_USE_PERSISTENCE.check(herald);
    }

    @Test
    void nothingDependsOnBootstrap() {
        HeraldArchitecture.NOTHING_DEPENDS_ON_BOOTSTRAP.check(herald);
    }

    @Test
    void protocolCodecsAreFreeOfUndertowAndTheApplication() {
        HeraldArchitecture.CODECS_ARE_FREE_OF_UNDERTOW_AND_THE_APPLICATION.check(herald);
    }

    @Test
    void thereAreNoPackageCycles() {
        HeraldArchitecture.NO_PACKAGE_CYCLES.check(herald);
    }
}
