package io.mapdirect.kernel;

import java.util.EnumSet;
import java.util.Set;

/**
 * Boot-time configuration of one model kernel.
 *
 * @param profile            mmap flag rules
 * @param policy             the design variant's choices
 * @param bugs               injected known bugs (spec §5); empty for a correct variant
 * @param reverted           repairs reverted to the posted line ({@link Repair}); empty by default
 * @param testFaults         test-only faults ({@link TestFault}); empty but in witness cases
 * @param leaseBreakTimeSec  initial {@code /proc/sys/fs/lease-break-time}, seconds (default 45)
 * @param pmemBlocks         size of persistent memory in 4 KiB blocks
 */
public record KernelConfig(FlagProfile profile, Policy policy, Set<KnownBug> bugs, Set<Repair> reverted,
                           Set<TestFault> testFaults, long leaseBreakTimeSec, int pmemBlocks) {
    public static final long DEFAULT_LEASE_BREAK_TIME_SEC = 45;

    public KernelConfig {
        bugs = bugs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(bugs));
        reverted = reverted.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(reverted));
        testFaults = testFaults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(testFaults));
        if (leaseBreakTimeSec < 0) {
            throw new IllegalArgumentException("lease-break-time must be >= 0 seconds, got " + leaseBreakTimeSec);
        }
        if (pmemBlocks < 1) {
            throw new IllegalArgumentException("pmem needs at least one block, got " + pmemBlocks);
        }
    }

    /** A configuration without test-only faults. */
    public KernelConfig(FlagProfile profile, Policy policy, Set<KnownBug> bugs, Set<Repair> reverted,
                        long leaseBreakTimeSec, int pmemBlocks) {
        this(profile, policy, bugs, reverted, Set.of(), leaseBreakTimeSec, pmemBlocks);
    }

    /** The seed profile, the v8 design, no bugs, 45 s lease-break-time, 64 blocks of pmem. */
    public static KernelConfig defaults() {
        return new KernelConfig(FlagProfile.SEED_2017, Policy.v8(), Set.of(), Set.of(), DEFAULT_LEASE_BREAK_TIME_SEC, 64);
    }

    public KernelConfig withProfile(FlagProfile value) {
        return new KernelConfig(value, policy, bugs, reverted, testFaults, leaseBreakTimeSec, pmemBlocks);
    }

    public KernelConfig withPolicy(Policy value) {
        return new KernelConfig(profile, value, bugs, reverted, testFaults, leaseBreakTimeSec, pmemBlocks);
    }

    public KernelConfig withBugs(Set<KnownBug> value) {
        return new KernelConfig(profile, policy, value, reverted, testFaults, leaseBreakTimeSec, pmemBlocks);
    }

    public KernelConfig withReverted(Set<Repair> value) {
        return new KernelConfig(profile, policy, bugs, value, testFaults, leaseBreakTimeSec, pmemBlocks);
    }

    public KernelConfig withTestFaults(Set<TestFault> value) {
        return new KernelConfig(profile, policy, bugs, reverted, value, leaseBreakTimeSec, pmemBlocks);
    }

    public KernelConfig withLeaseBreakTimeSec(long value) {
        return new KernelConfig(profile, policy, bugs, reverted, testFaults, value, pmemBlocks);
    }

    public KernelConfig withPmemBlocks(int value) {
        return new KernelConfig(profile, policy, bugs, reverted, testFaults, leaseBreakTimeSec, value);
    }
}
