package io.mapdirect.props;

import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.gen.CaseGen;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Variant;
import io.mapdirect.report.FailureReport;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class V8Properties {
    @Provide
    Arbitrary<Case> v8Cases() {
        return CaseGen.cases(Variant.V8, Set.of());
    }

    @Property(tries = 300, seed = "20171006")
    boolean v8HoldsEveryInvariant(@ForAll("v8Cases") Case c) {
        CaseResult result = Runs.run(c, true);
        if (!result.passed()) {
            System.out.println(FailureReport.render("20171006", "-", c, result));
        }
        return result.passed();
    }
}
