package io.mapdirect.props;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.corpus.FoundCases;
import io.mapdirect.gen.CaseGen;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.KnownBug;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * A failing system property, run through the jqwik engine as surefire runs it, writes its shrunk
 * case into {@code found/} with the invariant it broke as its expectation (the hook had silently
 * never run: {@link FoundCaseHook}).
 */
class FoundCaseHookTest {

    /** Not run by surefire (a nested class without {@code @Group}): a property that fails quickly. */
    @AddLifecycleHook(FoundCaseHook.class)
    static class FailingProperty {
        @Provide
        Arbitrary<Case> v7IdentityHasIommu() {
            return CaseGen.cases(Variant.V7, Set.of(KnownBug.IDENTITY_HAS_IOMMU));
        }

        @Property(seed = "20171006", tries = 200)
        void v7KeepsEveryInvariant(@ForAll("v7IdentityHasIommu") Case c) {
            SuiteCheck.check(c, "v7KeepsEveryInvariant", "20171006", List.of());
        }
    }

    @Test
    @DisplayName("a failing property's shrunk case is written to found/, expecting the invariant it broke")
    void failingPropertyWritesItsCase(@TempDir Path corpus) throws IOException {
        String before = System.getProperty(FoundCases.CORPUS_PROPERTY);
        System.setProperty(FoundCases.CORPUS_PROPERTY, corpus.toString());
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClass(FailingProperty.class)).build();
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, summary);
        } finally {
            if (before == null) {
                System.clearProperty(FoundCases.CORPUS_PROPERTY);
            } else {
                System.setProperty(FoundCases.CORPUS_PROPERTY, before);
            }
        }
        assertThat(summary.getSummary().getTotalFailureCount()).isEqualTo(1);
        String report = summary.getSummary().getFailures().get(0).getException().getMessage();
        List<Path> found;
        try (Stream<Path> files = Files.list(corpus.resolve("found"))) {
            found = files.toList();
        }
        assertThat(found).hasSize(1);
        String text = Files.readString(found.get(0));
        assertThat(text).contains("# expect: DAX_REG_NEEDS_IOMMU", "# variant: V7", "found-by",
                "v7KeepsEveryInvariant");
        assertThat(report).contains(found.get(0).getFileName().toString());
    }
}
