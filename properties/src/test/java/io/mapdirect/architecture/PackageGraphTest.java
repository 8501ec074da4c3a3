package io.mapdirect.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the production code of both modules (docs/architecture.md): no cycle
 * between packages, the model ({@code reference-impl}) never imports the suite
 * ({@code properties}), {@code events}, the vocabulary {@code check} and {@code harness} share,
 * imports nothing of the suite, no production class uses jqwik's engine internals (only its public
 * {@code net.jqwik.api}), and every package says what it is in a package-info.
 */
class PackageGraphTest {
    /** The packages of {@code reference-impl}: the model and its simulation core. */
    static final String[] MODEL = {"io.mapdirect.dax..", "io.mapdirect.dma..", "io.mapdirect.fs..",
        "io.mapdirect.hw..", "io.mapdirect.iommu..", "io.mapdirect.kernel..", "io.mapdirect.mm..",
        "io.mapdirect.nic..", "io.mapdirect.proc..", "io.mapdirect.rdma..", "io.mapdirect.sim..",
        "io.mapdirect.syscalls..", "io.mapdirect.world.."};

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mapdirect");
    }

    /** Every package of the project is its own slice: {@code fs} and {@code fs.xfs} are two. */
    static ArchRule noCycleBetweenPackages() {
        return slices().matching("io.mapdirect.(**)").should().beFreeOfCycles();
    }

    @Test
    @DisplayName("both modules' production classes are imported (the rules below judge something)")
    void importsBothModules() {
        assertThat(production.contain("io.mapdirect.sim.Simulation")).isTrue();
        assertThat(production.contain("io.mapdirect.harness.CaseRunner")).isTrue();
        assertThat(production.contain("io.mapdirect.architecture.fixture.cycle.a.Ping")).isFalse();
    }

    @Test
    @DisplayName("no cycle between the packages of reference-impl and properties")
    void noPackageCycle() {
        noCycleBetweenPackages().check(production);
    }

    @Test
    @DisplayName("the cycle rule rejects a cycle: the fixture packages a and b import each other")
    void cycleRuleRejectsACycle() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.mapdirect.architecture.fixture.cycle");
        assertThatThrownBy(() -> noCycleBetweenPackages().check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected");
    }

    @Test
    @DisplayName("every package of both modules has a package-info with its design")
    void everyPackageHasAPackageInfo() {
        Set<String> without = new TreeSet<>();
        for (JavaClass javaClass : production) {
            if (javaClass.getPackage().tryGetPackageInfo().isEmpty()) {
                without.add(javaClass.getPackageName());
            }
        }
        assertThat(without).isEmpty();
    }

    @Test
    @DisplayName("the model never imports the suite")
    void modelImportsNoSuitePackage() {
        noClasses().that().resideInAnyPackage(MODEL)
                .should().dependOnClassesThat(resideInAPackage("io.mapdirect..").and(not(resideInAnyPackage(MODEL))))
                .check(production);
    }

    @Test
    @DisplayName("events, below check and harness, imports nothing of the suite but itself")
    void eventsImportOnlyTheModel() {
        noClasses().that().resideInAPackage("io.mapdirect.events..")
                .should().dependOnClassesThat(resideInAPackage("io.mapdirect..")
                        .and(not(resideInAnyPackage(MODEL)))
                        .and(not(resideInAPackage("io.mapdirect.events.."))))
                .check(production);
    }

    /** No production class may use jqwik's engine: its internals change without notice between releases. */
    static ArchRule noJqwikEngineInternals() {
        return noClasses().should().dependOnClassesThat().resideInAPackage("net.jqwik.engine..")
                .because("only jqwik's public API (net.jqwik.api) is stable across releases");
    }

    @Test
    @DisplayName("no production class uses jqwik's engine internals (net.jqwik.engine..)")
    void noJqwikEngineInMainCode() {
        noJqwikEngineInternals().check(production);
    }

    @Test
    @DisplayName("the jqwik-engine rule rejects a class that uses the engine: the fixture seeds SourceOfRandomness")
    void jqwikEngineRuleRejectsTheEngine() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.mapdirect.architecture.fixture.engine");
        assertThatThrownBy(() -> noJqwikEngineInternals().check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("net.jqwik.engine.SourceOfRandomness");
    }
}
