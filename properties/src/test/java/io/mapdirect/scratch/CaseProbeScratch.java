package io.mapdirect.scratch;

import io.mapdirect.corpus.CaseParser;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import io.mapdirect.report.FailureReport;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Example;

class CaseProbeScratch {
    @Example
    void probe() throws Exception {
        Path file = Path.of(System.getenv("CASE"));
        Case base = CaseParser.parse(file.toString(), Files.readString(file));
        if (System.getenv("SCHED") != null) {
            String[] parts = System.getenv("SCHED").trim().split(" +");
            int[] sched = new int[parts[0].isEmpty() ? 0 : parts.length];
            for (int k = 0; k < sched.length; k++) { sched[k] = Integer.parseInt(parts[k]); }
            Case c = base.withSchedule(sched);
            CaseResult r = Runs.run(c, false);
            System.out.println("VERDICT " + r.verdict());
            System.out.println(io.mapdirect.report.Timeline.render(r.world().kernel().events().entries(),
                    io.mapdirect.report.ExplainFilter.EVERYTHING, 60));
            System.out.println(r.world().sim().trace().render());
            return;
        }
        if (System.getenv("ZEROS") != null) {
            for (int k = 0; k < 60; k++) {
                for (int first = 0; first <= 1; first++) {
                    int[] sched = new int[k + 2];
                    sched[0] = first;
                    sched[k + 1] = 1;
                    Case c = base.withSchedule(sched);
                    CaseResult r = Runs.run(c, true);
                    if (r.verdict().equals(base.expect())) {
                        System.out.println("ZEROS FOUND k=" + k + " first=" + first);
                        System.out.println(FailureReport.render("-", "-", c, r));
                        return;
                    }
                }
            }
            System.out.println("ZEROS none");
            return;
        }
        int maxLen = Integer.parseInt(System.getenv().getOrDefault("SCHED_LEN", "6"));
        // try every schedule of small choices up to length maxLen
        int found = 0;
        int total = 0;
        for (int len = 0; len <= maxLen && found == 0; len++) {
            int combos = (int) Math.pow(3, len);
            for (int i = 0; i < combos; i++) {
                int[] sched = new int[len];
                int x = i;
                for (int k = 0; k < len; k++) { sched[k] = x % 3; x /= 3; }
                Case c = base.withSchedule(sched);
                CaseResult r = Runs.run(c, true);
                total++;
                if (r.verdict().equals(base.expect())) {
                    found++;
                    System.out.println("FOUND after " + total + " schedules");
                    System.out.println(FailureReport.render("-", "-", c, r));
                    break;
                }
            }
        }
        System.out.println("PROBE total=" + total + " found=" + found);
    }
}
