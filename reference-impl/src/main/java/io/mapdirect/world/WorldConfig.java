package io.mapdirect.world;

import io.mapdirect.kernel.KernelConfig;
import io.mapdirect.sim.FaultPlan;
import java.util.List;

/**
 * Everything a world is booted with: the kernel configuration (profile, design policy, injected
 * bugs, lease-break-time, pmem size), whether the XFS filesystem is mounted with {@code -o dax},
 * the device-dax instances, the DRAM size, the allocation-failure rules and the run budgets.
 *
 * @param kernel        kernel configuration
 * @param xfsDax        mount {@code /xfs} with {@code -o dax}
 * @param devdax        device-dax instances, placed after the XFS blocks
 * @param dramPages     DRAM pages for page caches and anonymous memory
 * @param faultRules    "fail the N-th allocation inside this call" rules
 * @param maxSteps      step budget of a run
 * @param maxTimeNs     virtual-time budget of a run
 */
public record WorldConfig(KernelConfig kernel, boolean xfsDax, List<DevDax> devdax, int dramPages,
                          List<FaultPlan.Rule> faultRules, long maxSteps, long maxTimeNs) {
    /** A device-dax instance {@code /dev/<name>} of {@code pages} pages owned by {@code uid}. */
    public record DevDax(String name, int pages, int uid) { }

    public WorldConfig {
        devdax = List.copyOf(devdax);
        faultRules = List.copyOf(faultRules);
        if (dramPages < 1) {
            throw new IllegalArgumentException("dramPages must be >= 1, got " + dramPages);
        }
    }

    /** Defaults: {@link KernelConfig#defaults()}, DAX mount, no device-dax, 4096 DRAM pages, no faults, 2M steps, 1 virtual hour. */
    public static WorldConfig defaults() {
        return new WorldConfig(KernelConfig.defaults(), true, List.of(), 4096, List.of(), 2_000_000L,
                3_600L * 1_000_000_000L);
    }

    public WorldConfig withKernel(KernelConfig value) {
        return new WorldConfig(value, xfsDax, devdax, dramPages, faultRules, maxSteps, maxTimeNs);
    }

    public WorldConfig withXfsDax(boolean value) {
        return new WorldConfig(kernel, value, devdax, dramPages, faultRules, maxSteps, maxTimeNs);
    }

    public WorldConfig withDevdax(List<DevDax> value) {
        return new WorldConfig(kernel, xfsDax, value, dramPages, faultRules, maxSteps, maxTimeNs);
    }

    public WorldConfig withFaultRules(List<FaultPlan.Rule> value) {
        return new WorldConfig(kernel, xfsDax, devdax, dramPages, value, maxSteps, maxTimeNs);
    }

    public WorldConfig withBudgets(long steps, long timeNs) {
        return new WorldConfig(kernel, xfsDax, devdax, dramPages, faultRules, steps, timeNs);
    }
}
