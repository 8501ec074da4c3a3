package io.mapdirect.gen;

import io.mapdirect.harness.Case;
import io.mapdirect.harness.Op;
import io.mapdirect.harness.Step;
import io.mapdirect.harness.WorldSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A tight race: every actor starts at the same virtual instant (1 ns), lease-break-time is 0 (no
 * grace: invalidations and revocations run as soon as a worker gets the CPU), the file is not
 * reflinked (so MAP_DIRECT faults succeed), and the schedule preempts once, early. Races that need
 * a break to complete inside a narrow window of another call (a registration between its checks,
 * a fault between its check and its allocation) become likely instead of astronomically rare. The
 * transform knows nothing of faults: it only lines the actors up.
 */
final class TightRace {
    private TightRace() {
    }

    static Case apply(Case c, int preemptAt, int choice) {
        WorldSpec w = c.world();
        List<WorldSpec.FileSpec> files = new ArrayList<>();
        for (WorldSpec.FileSpec f : w.files()) {
            files.add(f.reflinkFrom() == null ? f : new WorldSpec.FileSpec(f.path(), f.ownerUid(), "WW", null));
        }
        WorldSpec world = new WorldSpec(0, w.pmemBlocks(), w.xfsDax(), w.devices(), w.devdax(), files, w.processes(),
                w.allocFailures());
        List<Step> steps = new ArrayList<>();
        for (String actor : c.actors()) {
            steps.addAll(lineUp(actor, c.opsOf(actor)));
        }
        int[] schedule = new int[preemptAt + 1];
        schedule[preemptAt] = choice;
        return new Case(c.title(), c.variant(), c.faults(), c.expect(), c.provenance(), world, steps, schedule);
    }

    /** Every actor's first sleep becomes 1 ns; the holder's registration waits 1 ns after its mapping. */
    private static List<Step> lineUp(String actor, List<Op> ops) {
        List<Step> steps = new ArrayList<>();
        boolean first = true;
        for (Op op : ops) {
            if (first && op instanceof Op.Sleep) {
                steps.add(new Step(actor, new Op.Sleep(1)));
                first = false;
                continue;
            }
            if (first && !actor.equals("p0")) {
                steps.add(new Step(actor, new Op.Sleep(1)));
            }
            first = false;
            steps.add(new Step(actor, op));
        }
        return steps;
    }
}
