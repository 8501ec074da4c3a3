package io.mapdirect.coverage;

import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.RunObservers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Registered through {@code META-INF/services}: observes every case run of the test suite
 * (properties, kill matrix, corpus replay) and, when the test plan ends, writes the model-coverage
 * report to {@code properties/target/model-coverage/}; the coverage module copies it to
 * {@code coverage/target/model-coverage/}.
 */
public final class ModelCoverageListener implements TestExecutionListener {
    static final Path OUTPUT = Path.of("target", "model-coverage");

    private final ModelCoverage coverage = new ModelCoverage();
    private final Consumer<CaseResult> observer = coverage::record;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        RunObservers.add(observer);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        RunObservers.remove(observer);
        if (coverage.runs() == 0) {
            return;
        }
        try {
            ModelCoverageReport.write(coverage, OUTPUT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model-coverage report to " + OUTPUT, e);
        }
    }
}
