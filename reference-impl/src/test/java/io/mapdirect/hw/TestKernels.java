package io.mapdirect.hw;

import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.KernelConfig;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Repair;
import io.mapdirect.sim.FaultPlan;
import io.mapdirect.sim.Simulation;
import java.util.List;
import java.util.Set;

/** Small kernels for the hardware-layer tests: 64 blocks of pmem, v8 policy, no bugs unless asked. */
public final class TestKernels {
    private TestKernels() {
    }

    public static Kernel kernel() {
        return new Kernel(new Simulation(), KernelConfig.defaults(), FaultPlan.none());
    }

    public static Kernel withBugs(KnownBug... bugs) {
        return new Kernel(new Simulation(), KernelConfig.defaults().withBugs(Set.of(bugs)), FaultPlan.none());
    }

    /** A kernel running the posted line of each of {@code repairs}. */
    public static Kernel reverting(Repair... repairs) {
        return new Kernel(new Simulation(), KernelConfig.defaults().withReverted(Set.of(repairs)), FaultPlan.none());
    }

    /**
     * A kernel whose {@code nth} allocation in scope {@code "kernel"} (world set-up and kernel
     * workers) fails; the fault plan counts every allocation site of the scope together.
     */
    public static Kernel failingAllocation(int nth) {
        return new Kernel(new Simulation(), KernelConfig.defaults(),
                FaultPlan.of(List.of(new FaultPlan.Rule("kernel", "alloc", nth))));
    }
}
