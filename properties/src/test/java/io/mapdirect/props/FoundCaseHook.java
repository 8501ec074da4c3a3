package io.mapdirect.props;

import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.FindingPath;
import io.mapdirect.harness.Case;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Writes the shrunk case of a failing system property into {@code fuzz-corpus/found/}, in the corpus
 * format, so that promoting it to a regression case is a {@code git mv}. It also forgets, before and
 * after each property, the invariant {@link SuiteCheck} was shrinking toward.
 *
 * <p>Registered on a property class, so it must propagate to the class's properties: jqwik's
 * default ({@code NO_DESCENDANTS}) applies a class-level hook to the class container only, where
 * an around-property hook never runs. Until that was found (by the hand-break experiments of issue
 * 5) no failing property ever wrote its case.
 */
public final class FoundCaseHook implements AroundPropertyHook {
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        SuiteCheck.reset();
        PropertyExecutionResult result = property.execute();
        if (result.status() == PropertyExecutionResult.Status.FAILED) {
            List<Object> parameters = result.falsifiedParameters().orElse(List.of());
            String message = result.throwable().map(Throwable::getMessage).orElse("");
            for (Object parameter : parameters) {
                if (parameter instanceof Case c && message.contains("replay: ")) {
                    write(c, context.label(), result.seed().orElse("-"));
                }
            }
        }
        SuiteCheck.reset();
        return result;
    }

    private static void write(Case c, String property, String seed) {
        try {
            SuiteCheck.reset();
            InvariantId invariant = SuiteCheck.firstFindingOf(c);
            if (invariant != null) {
                FindingPath.write(SuiteCheck.mark(c, invariant, property, seed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
