package io.mapdirect.bench;

import io.mapdirect.campaign.CampaignCases;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.WorldSetup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scratch: where a suite case's time goes (boot alone vs the whole run). */
class CostScratch {
    @Test
    void costInVirtualThread() throws InterruptedException {
        Thread t = Thread.ofVirtual().start(this::cost);
        t.join();
    }

    void cost() {
        CampaignCases source = new CampaignCases(20171006L);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            cases.add(source.caseAt(i));
        }
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime();
            for (Case c : cases) {
                WorldSetup.boot(c);
            }
            long t1 = System.nanoTime();
            long steps = 0;
            for (Case c : cases) {
                steps += Runs.run(c, false).steps();
            }
            long t2 = System.nanoTime();
            System.out.printf("COST boot %.0f us/case, run %.0f us/case, %d steps%n", (t1 - t0) / 400e3, (t2 - t1) / 400e3, steps);
        }
    }
}
