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

    static Case apply(Case c, int preemptAt, int choice, boolean withOtherMapper) {
        WorldSpec w = c.world();
        List<WorldSpec.FileSpec> files = new ArrayList<>();
        for (WorldSpec.FileSpec f : w.files()) {
            files.add(f.reflinkFrom() == null ? f : new WorldSpec.FileSpec(f.path(), f.ownerUid(), "WW", null));
        }
        WorldSpec world = new WorldSpec(0, w.pmemBlocks(), w.xfsDax(), w.devices(), w.devdax(), files, w.processes(),
                w.allocFailures());
        String rival = withOtherMapper ? "p2" : "p1";
        List<Step> steps = new ArrayList<>();
        for (String actor : c.actors()) {
            boolean racing = actor.equals("p0") || actor.equals(rival);
            steps.addAll(lineUp(actor, c.opsOf(actor), racing ? 1 : LATER_NS));
        }
        int[] schedule = new int[preemptAt + 1];
        schedule[preemptAt] = choice;
        return new Case(c.title(), c.variant(), c.faults(), c.expect(), c.provenance(), world, steps, schedule);
    }

    /** When the actors that do not race start: after the racing pair's first calls. */
    private static final long LATER_NS = 1_000_000L;

    /**
     * The racing pair starts at 1 ns (a first sleep becomes 1 ns, or one is added); everybody else
     * starts a millisecond later, so that the pair's calls are the only
     * decision points of the race and one preemption lands inside it.
     */
    private static List<Step> lineUp(String actor, List<Op> ops, long startNs) {
        List<Step> steps = new ArrayList<>();
        boolean first = true;
        for (Op op : ops) {
            if (first && op instanceof Op.Sleep) {
                steps.add(new Step(actor, new Op.Sleep(startNs)));
                first = false;
                continue;
            }
            if (first) {
                steps.add(new Step(actor, new Op.Sleep(startNs)));
            }
            first = false;
            steps.add(new Step(actor, op));
        }
        return steps;
    }
}
