package io.mapdirect.scratch;

import io.mapdirect.corpus.CaseParser;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Variant;
import io.mapdirect.report.FailureReport;
import java.nio.file.Files;
import java.nio.file.Path;

class ReplayScratch {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Case base = CaseParser.parse(file.toString(), Files.readString(file));
        for (Variant v : Variant.values()) {
            CaseResult r = Runs.runFindings(base.withVariant(v), false);
            System.out.println("== " + v + " " + r.verdict() + " " + r.violations().stream().map(x -> x.describe()).toList());
            if (System.getenv("SHOW") != null && v.name().equals(System.getenv("SHOW"))) {
                System.out.println(FailureReport.render("-", "-", base.withVariant(v), r));
                System.out.println(io.mapdirect.report.Timeline.render(r.world().kernel().events().entries(),
                        io.mapdirect.report.ExplainFilter.EVERYTHING, 50));
            }
        }
    }
}
