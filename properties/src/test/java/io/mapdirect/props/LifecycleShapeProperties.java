package io.mapdirect.props;

import io.mapdirect.gen.CaseGen;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Variant;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The generator's lifecycle shapes alone (MR churn, crash after a flush, invalidation during DMA,
 * registration against a break, mapping against a fault): on the v8 and ODP designs, bugs fixed,
 * every invariant the design keeps holds on them too. They are one generated case in seven of
 * {@link V8Properties} and {@link OdpProperties}; here they get 200 tries of their own, so that a
 * false alarm of a shape (a race the design allows, judged as a violation) shows at once.
 */
@AddLifecycleHook(FoundCaseHook.class)
class LifecycleShapeProperties {
    @Provide
    Arbitrary<Case> v8() {
        return CaseGen.lifecycleCases(Variant.V8);
    }

    @Provide
    Arbitrary<Case> odp() {
        return CaseGen.lifecycleCases(Variant.ODP);
    }

    @Property(tries = 200, seed = "20171006")
    void v8HoldsEveryInvariantOnLifecycleShapes(@ForAll("v8") Case c) {
        SuiteCheck.check(c, "v8HoldsEveryInvariantOnLifecycleShapes", "20171006", List.of());
    }

    @Property(tries = 200, seed = "20171007")
    void odpHoldsEveryInvariantOnLifecycleShapes(@ForAll("odp") Case c) {
        SuiteCheck.check(c, "odpHoldsEveryInvariantOnLifecycleShapes", "20171007", List.of());
    }
}
