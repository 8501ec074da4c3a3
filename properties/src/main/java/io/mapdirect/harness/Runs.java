package io.mapdirect.harness;

import io.mapdirect.check.Invariants;
import io.mapdirect.check.NoLeak;
import java.util.List;
import java.util.function.Function;
import io.mapdirect.world.World;

/** The standard way to run a case: every invariant, the world's RDMA bridge. */
public final class Runs {
    private Runs() {
    }

    /** How the harness reaches the RDMA layer of a world. */
    static Function<World, RdmaBridge> rdmaBridge() {
        return world -> new NoRdma();
    }

    /** Extra end-state leak checks of the lower layers. */
    static List<NoLeak.EndStateProbe> leakProbes() {
        return List.of();
    }

    /** Runs {@code c} with every invariant; stops at the first violation if {@code stopAtFirst}. */
    public static CaseResult run(Case c, boolean stopAtFirst) {
        return CaseRunner.run(c, new CaseRunner.Options(stopAtFirst, rdmaBridge(), Invariants.all(leakProbes())));
    }

    /**
     * Runs {@code c} checking only the invariants its variant must keep (those it breaks by design
     * are left out, so they cannot stop the run before a real finding).
     */
    public static CaseResult runFindings(Case c, boolean stopAtFirst) {
        java.util.Set<io.mapdirect.check.InvariantId> byDesign = Expectations.byDesign(c.variant());
        List<io.mapdirect.check.Invariant> kept = new java.util.ArrayList<>();
        for (io.mapdirect.check.Invariant invariant : Invariants.all(leakProbes())) {
            if (!byDesign.contains(invariant.id())) {
                kept.add(invariant);
            }
        }
        return CaseRunner.run(c, new CaseRunner.Options(stopAtFirst, rdmaBridge(), kept));
    }
}
