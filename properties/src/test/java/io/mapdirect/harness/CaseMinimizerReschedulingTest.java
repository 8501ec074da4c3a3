package io.mapdirect.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.CaseParser;
import org.junit.jupiter.api.Test;

/**
 * The minimizer's rescheduling pass: a step the race does not need, which cannot be dropped with the
 * schedule as it is because the preemption's decision index moves with it.
 */
class CaseMinimizerReschedulingTest {
    /** Hand-break 11 as the hunt found it from seed 20171006 (try 186): 14 operations, one preemption at decision 22. */
    private static final String FOUND = """
            # title: ODP_FAULT_SEQ_READ_LATE on ODP, as the hunt found it
            # variant: ODP
            # profile: seed-2017
            # faults: none
            # test_faults: ODP_FAULT_SEQ_READ_LATE
            # expect: ODP_COHERENT

            world lease_break_time=0s pmem=6 dax=on
            device nic iommu=strict
            devdax dax0.0 pages=4 owner=1000
            file /xfs/f owner=1000 blocks=WWWW
            file /xfs/g owner=1000 blocks=WW
            process p0 uid=1000 caps=CAP_DAC_OVERRIDE
            process p1 uid=1000 fsuid=1001
            process p2 uid=1001 caps=CAP_FOWNER

            p0: r0 = open(path=/xfs/f, flags=O_RDWR)
            p0: r1 = mmap(len=16384, prot=READ|WRITE, flags=SHARED_VALIDATE|DIRECT, fd=r0)
            p0: r8 = open(path=/dev/dax0.0, flags=O_RDWR)
            p0: r9 = mmap(len=16384, prot=READ|WRITE, flags=SHARED, fd=r8)
            p0: r10 = reg_mr(addr=r9, len=16384)
            p1: sleep(for=1ns)
            p2: sleep(for=1ms)
            p2: r4 = open(path=/xfs/f, flags=O_RDWR)
            p2: r5 = mmap(len=16384, prot=READ|WRITE, flags=SHARED, fd=r4)
            p2: r11 = mmap(len=8192, prot=READ|WRITE, flags=PRIVATE|ANONYMOUS)
            nic: sleep(for=1ms)
            nic: dma_write(mr=r10, value=7)
            env: sleep(for=1ms)
            env: kill_dev_dax(device=dax0.0)

            schedule: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 2
            """;

    private static boolean breaksCoherence(Case c) {
        return Runs.runFindings(c, false).violated(InvariantId.ODP_COHERENT);
    }

    @Test
    void dropsTheStepsTheRaceDoesNotNeedByMovingThePreemption() throws Exception {
        Case found = CaseParser.parse("found", FOUND);
        assertThat(breaksCoherence(found)).isTrue();
        Case shrunk = new CaseMinimizer(CaseMinimizerReschedulingTest::breaksCoherence).minimize(found);
        assertThat(breaksCoherence(shrunk)).isTrue();
        assertThat(shrunk.steps()).hasSizeLessThanOrEqualTo(7);
        assertThat(CaseMinimizer.switches(shrunk)).isEqualTo(1);
    }

    @Test
    void shiftsMoveTheWholeScheduleOrTheRestFromAPreemption() {
        int[] schedule = {0, 0, 0, 2, 0, 0, 1};
        assertThat(CaseMinimizer.shifted(schedule, 3, -2)).containsExactly(0, 2, 0, 0, 1);
        assertThat(CaseMinimizer.shifted(schedule, 3, -4)).isNull();
        assertThat(CaseMinimizer.shifted(schedule, 3, 1)).containsExactly(0, 0, 0, 0, 2, 0, 0, 1);
        assertThat(CaseMinimizer.shifted(schedule, 6, -2)).containsExactly(0, 0, 0, 2, 1);
        assertThat(CaseMinimizer.shifted(schedule, 6, -3)).isNull();
        assertThat(CaseMinimizer.shifted(schedule, 6, 2)).containsExactly(0, 0, 0, 2, 0, 0, 0, 0, 1);
    }
}
