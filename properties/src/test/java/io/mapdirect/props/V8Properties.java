package io.mapdirect.props;

import io.mapdirect.gen.CaseGen;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Variant;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The v8 design (spec §6), bugs fixed: every invariant it does not break by design holds on
 * generated concurrent cases, from a fixed list of seeds with the CI budget of tries (raise it with
 * {@code -Djqwik.tries.default=N} or {@code ./mapdirect fuzz}). Reaching every required probe is part
 * of the property.
 */
@AddLifecycleHook(FoundCaseHook.class)
class V8Properties {
    @Provide
    Arbitrary<Case> v8() {
        return CaseGen.cases(Variant.V8, Set.of());
    }

    @Property(seed = "20171006")
    void v8HoldsEveryInvariant(@ForAll("v8") Case c) {
        SuiteCheck.check(c, "v8HoldsEveryInvariant", "20171006");
        SuiteCheck.requireProbes();
    }

    @Property(seed = "20171009")
    void v8HoldsEveryInvariantSecondSeed(@ForAll("v8") Case c) {
        SuiteCheck.check(c, "v8HoldsEveryInvariantSecondSeed", "20171009");
        SuiteCheck.requireProbes();
    }
}
