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
 * The ODP design (spec §6, [34]: on-demand-paging MRs, no pins, the device's translations
 * invalidated before the block map changes): every invariant it does not break by design holds on
 * generated concurrent cases, from two seeds of its own (20171007 and 20171010: from V8's seeds the
 * generator draws the same case shapes with only the variant changed, so the ODP properties would
 * only re-sample V8's cases, as the hand-break experiments showed, docs/experiments.md) with the CI budget of tries (raise it with
 * {@code -Djqwik.tries.default=N} or {@code ./mapdirect fuzz}). Reaching the ODP probes (an
 * invalidation, a resolved device fault, a device fault racing an invalidation) is part of the
 * property.
 */
@AddLifecycleHook(FoundCaseHook.class)
class OdpProperties {
    @Provide
    Arbitrary<Case> odp() {
        return CaseGen.cases(Variant.ODP, Set.of());
    }

    @Property(seed = "20171007")
    void odpHoldsEveryInvariant(@ForAll("odp") Case c) {
        SuiteCheck.check(c, "odpHoldsEveryInvariant", "20171007", Probes.REQUIRED_ODP);
        SuiteCheck.requireProbes(Probes.REQUIRED_ODP);
    }

    @Property(seed = "20171010")
    void odpHoldsEveryInvariantSecondSeed(@ForAll("odp") Case c) {
        SuiteCheck.check(c, "odpHoldsEveryInvariantSecondSeed", "20171010", Probes.REQUIRED_ODP);
        SuiteCheck.requireProbes(Probes.REQUIRED_ODP);
    }
}
