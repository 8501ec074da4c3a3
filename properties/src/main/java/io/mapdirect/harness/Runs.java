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
        return WorldRdma::new;
    }

    /** Extra end-state leak checks of the lower layers: IOVAs, IOMMU mappings and NIC MR contexts. */
    public static List<NoLeak.EndStateProbe> leakProbes() {
        return List.of(ctx -> {
            List<String> leaks = new java.util.ArrayList<>();
            for (io.mapdirect.iommu.IommuDomain domain : ctx.world().iommu().domains()) {
                if (!domain.iovad().allocated().isEmpty()) {
                    leaks.add("domain " + domain.id() + " IOVAs " + domain.iovad().allocated());
                }
                if (domain.mappedPages() != 0 && !domain.isIdentity()) {
                    leaks.add("domain " + domain.id() + " still maps " + domain.mappedPages() + " page(s)");
                }
            }
            for (io.mapdirect.nic.Nic nic : ctx.world().nics()) {
                if (!nic.mrs().isEmpty()) {
                    leaks.add(nic.name() + " still has " + nic.mrs().size() + " MR context(s)");
                }
            }
            return leaks;
        });
    }

    /** Runs {@code c} with every invariant; stops at the first violation if {@code stopAtFirst}. */
    public static CaseResult run(Case c, boolean stopAtFirst) {
        return CaseRunner.run(c, new CaseRunner.Options(stopAtFirst, rdmaBridge(), () -> Invariants.all(leakProbes())));
    }

    /**
     * Runs {@code c} without checkers under {@code schedule} (a PCT plan, say) and returns the choices it
     * made: the plain schedule list that replays that run.
     */
    public static int[] compile(Case c, io.mapdirect.sim.Schedule schedule) {
        runUnder(c, schedule);
        return schedule.choicesMade();
    }

    /** Runs {@code c} without checkers under {@code schedule} instead of its own list. */
    public static CaseResult runUnder(Case c, io.mapdirect.sim.Schedule schedule) {
        return CaseRunner.run(c, new CaseRunner.Options(false, rdmaBridge(), List::of), schedule);
    }

    /**
     * Runs {@code c} to the end with only the checkers {@code checkers} makes (fresh for the run):
     * how a checker's own tests judge a case with that checker alone.
     */
    public static CaseResult runWith(Case c, java.util.function.Supplier<List<io.mapdirect.check.Invariant>> checkers) {
        return CaseRunner.run(c, new CaseRunner.Options(false, rdmaBridge(), checkers));
    }

    /**
     * Runs {@code c} checking only the invariants its variant must keep (those it breaks by design
     * are left out, so they cannot stop the run before a real finding).
     */
    public static CaseResult runFindings(Case c, boolean stopAtFirst) {
        return CaseRunner.run(c, new CaseRunner.Options(stopAtFirst, rdmaBridge(), () -> findingInvariants(c.variant())));
    }

    /** Fresh checkers of every invariant {@code variant} must keep (those it breaks by design left out). */
    public static List<io.mapdirect.check.Invariant> findingInvariants(Variant variant) {
        java.util.Set<io.mapdirect.check.InvariantId> byDesign = Expectations.byDesign(variant);
        List<io.mapdirect.check.Invariant> kept = new java.util.ArrayList<>();
        for (io.mapdirect.check.Invariant invariant : Invariants.all(leakProbes())) {
            if (!byDesign.contains(invariant.id())) {
                kept.add(invariant);
            }
        }
        return kept;
    }
}
