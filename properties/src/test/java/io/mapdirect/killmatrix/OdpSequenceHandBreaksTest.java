package io.mapdirect.killmatrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.CaseParser;
import io.mapdirect.gen.ScheduleExplorer;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import io.mapdirect.kernel.TestFault;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hand-breaks 4 (ODP_INVALIDATE_NO_SEQ_BUMP) and 11 (ODP_FAULT_SEQ_READ_LATE) on the smallest race
 * there is: a device write faults in page 1 of f after p1 punched it. The fault fills the hole, and
 * that fill's own invalidation moves the notifier sequence while the fault is under way, so the
 * correct model retries ("ODP fault raced an invalidation"); with either fault the retry never
 * happens. To break ODP_COHERENT an invalidation of another task has to run between the fault's page
 * look-up and its check under {@code umem_mutex} (the sleeping lock 4.14 takes there, a scheduling
 * point of the model since 2026-12-06). The schedule explorer finds that with two preemptions for
 * each fault, and nothing within two preemptions without them (the near twin). The cases under
 * {@code cases/hand-breaks/odp-*.case} are those schedules.
 */
class OdpSequenceHandBreaksTest {
    private static final String RACE = """
            # title: an ODP device write faults in a page p1 punched
            # variant: ODP
            # faults: none
            # expect: pass
            # provenance: OdpSequenceHandBreaksTest

            world lease_break_time=45s pmem=16 dax=on
            device nic iommu=strict
            file /xfs/f owner=1000 blocks=WWWW
            process p0 uid=1000
            process p1 uid=1000

            p0: r0 = open(path=/xfs/f, flags=O_RDWR)
            p0: r1 = mmap(len=16384, prot=RW, flags=SHARED, fd=r0)
            p0: r2 = reg_mr(addr=r1, len=16384)
            p0: sleep(for=5s)
            p0: dereg_mr(mr=r2)
            p1: r3 = open(path=/xfs/f, flags=O_RDWR)
            p1: sleep(for=1s)
            p1: fallocate(fd=r3, mode=KEEP_SIZE|PUNCH_HOLE, off=4096, len=4096)
            nic: sleep(for=1s)
            nic: dma_write(mr=r2, page=1, value=12)
            nic: sleep(for=1s)
            nic: dma_write(mr=r2, page=1, value=13)

            schedule:
            """;
    private static final String RETRY = "ODP fault raced an invalidation";
    private static final List<TestFault> FAULTS =
            List.of(TestFault.ODP_INVALIDATE_NO_SEQ_BUMP, TestFault.ODP_FAULT_SEQ_READ_LATE);

    private static CaseResult run(Set<TestFault> faults, int[] schedule) throws Exception {
        Case c = CaseParser.parse("odp-sequence", RACE).withTestFaults(faults).withSchedule(schedule);
        return Runs.runFindings(c, false);
    }

    @Test
    void eachFaultTakesAwayTheRetry() throws Exception {
        assertThat(run(Set.of(), new int[0]).probes().getOrDefault(RETRY, 0L)).as("the correct model retries").isPositive();
        for (TestFault fault : FAULTS) {
            assertThat(run(Set.of(fault), new int[0]).probes().getOrDefault(RETRY, 0L)).as(fault + ": no retry").isZero();
        }
    }

    @Test
    void eachFaultBreaksCoherenceWithTwoPreemptionsAndNothingElseDoes() throws Exception {
        ScheduleExplorer.Result correct = explore(Set.of());
        assertThat(correct.capped()).isFalse();
        assertThat(correct.violating()).as("the correct model within two preemptions").isEmpty();
        for (TestFault fault : FAULTS) {
            ScheduleExplorer.Result broken = explore(Set.of(fault));
            assertThat(broken.violating()).as(fault + " within two preemptions").isPresent();
            assertThat(broken.violating().get().result().violated(InvariantId.ODP_COHERENT)).as(fault.name()).isTrue();
        }
    }

    private static ScheduleExplorer.Result explore(Set<TestFault> faults) throws Exception {
        return ScheduleExplorer.explore(CaseParser.parse("odp-sequence", RACE).withTestFaults(faults), 2, true, 10_000);
    }
}
