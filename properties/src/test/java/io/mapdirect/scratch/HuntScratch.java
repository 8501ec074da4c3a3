package io.mapdirect.scratch;

import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.corpus.Replay;
import io.mapdirect.gen.CaseGen;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseMinimizer;
import io.mapdirect.harness.CaseSampler;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.KnownBug;
import java.util.Iterator;
import java.util.Set;

/** Not a test: finds a generated case for one fault and minimizes it (args: FAULT VARIANT EXPECT SEED BUDGET). */
public final class HuntScratch {
    public static void main(String[] args) {
        KnownBug bug = KnownBug.valueOf(args[0]);
        Variant variant = Variant.valueOf(args[1]);
        String expect = args[2];
        Iterator<Case> cases = CaseSampler.stream(CaseGen.cases(variant, Set.of(bug)), args[3]);
        int budget = Integer.parseInt(args[4]);
        for (int tries = 1; tries <= budget; tries++) {
            Case c = cases.next().withExpect(expect);
            if (Replay.run(c).verdict().ok()) {
                Case shrunk = new CaseMinimizer(k -> Replay.run(k).verdict().ok()).minimize(c);
                System.out.println("# found after " + tries + " tries");
                System.out.print(CaseWriter.write(shrunk));
                return;
            }
        }
        System.out.println("# not found in " + budget);
    }
}
