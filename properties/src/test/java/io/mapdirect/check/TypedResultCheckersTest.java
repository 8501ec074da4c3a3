package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.OpResult;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.Errno;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The checkers that read typed results (an errno, a signal, a fault handler's answer): each fires
 * on a case and stays quiet on its near twin.
 */
class TypedResultCheckersTest {
    private static Case corpus(String name) throws Exception {
        return CheckCases.parse(name, Files.readString(ErrnoTableTest.corpus(name)));
    }

    static final String DEVDAX_NO_IOMMU = """
            # title: device-dax registered on a device without an IOMMU
            # variant: LAYOUT_LEASE_RFC
            # expect: DAX_REG_NEEDS_IOMMU

            world lease_break_time=0s pmem=12 dax=off
            device nic iommu=none
            devdax dax0.0 pages=4 owner=1000
            process p0 uid=1000

            p0: r8 = open(path=/dev/dax0.0, flags=O_RDWR)
            p0: r9 = mmap(len=16384, prot=READ|WRITE, flags=SHARED, fd=r8)
            p0: r10 = reg_mr(addr=r9, len=16384)

            schedule:
            """;

    @Test
    @DisplayName("DAX_REG_NEEDS_IOMMU: the RFC registers device-dax without an IOMMU; V8 refuses with EOPNOTSUPP and leaves nothing")
    void daxRegNeedsIommu() {
        Case rfc = CheckCases.parse("rfc", DEVDAX_NO_IOMMU);
        assertThat(CheckCases.run(rfc, new DaxRegNeedsIommu()).violated(InvariantId.DAX_REG_NEEDS_IOMMU)).isTrue();
        CaseResult v8 = CheckCases.run(rfc.withVariant(Variant.V8), new DaxRegNeedsIommu());
        assertThat(v8.violations()).isEmpty();
        assertThat(v8.world().kernel().events().ofType(HarnessEvents.OpDone.class).get(2).result())
                .isEqualTo(new OpResult.Err(Errno.EOPNOTSUPP));
    }

    @Test
    @DisplayName("BREAKER_NOT_FAILED: an allocating write fault that gets SIGBUS under ALLOC_FAULT_NO_BREAK; none without the fault")
    void breakerNotFailedOnSigbus() throws Exception {
        Case faulty = corpus("faults/alloc-fault-no-break.case");
        assertThat(CheckCases.run(faulty, new BreakerNotFailed()).violated(InvariantId.BREAKER_NOT_FAILED)).isTrue();
        assertThat(CheckCases.run(faulty.withFaults(Set.of()), new BreakerNotFailed()).violations()).isEmpty();
    }

    static final String TRUNCATE_PINNED = """
            # title: truncate of blocks an MR pins, under an F_LAYOUT lease
            # variant: LAYOUT_LEASE_RFC
            # expect: BREAKER_NOT_FAILED

            world lease_break_time=1s pmem=16 dax=on
            device nic iommu=strict
            file /xfs/f owner=1000 blocks=WWWW
            process p0 uid=1000
            process p1 uid=1000

            p0: r0 = open(path=/xfs/f, flags=O_RDWR)
            p0: setlease(fd=r0, type=F_RDLCK|F_LAYOUT)
            p0: r1 = mmap(len=16384, prot=RW, flags=SHARED, fd=r0)
            p0: r2 = reg_mr(addr=r1, len=16384)
            p0: sleep(for=5s)
            p1: sleep(for=1ms)
            p1: truncate(path=/xfs/f, len=0)

            schedule:
            """;

    @Test
    @DisplayName("BREAKER_NOT_FAILED: the RFC's truncate of pinned blocks fails ETXTBSY (an errno matched as a type); V8 makes it wait")
    void breakerNotFailedOnEtxtbsy() {
        Case rfc = CheckCases.parse("truncate pinned", TRUNCATE_PINNED);
        CaseResult refused = CheckCases.run(rfc, new BreakerNotFailed());
        assertThat(refused.violated(InvariantId.BREAKER_NOT_FAILED)).isTrue();
        assertThat(refused.violations().get(0).message()).endsWith("failed with ETXTBSY");
        Case v8 = CheckCases.parse("truncate pinned, V8", TRUNCATE_PINNED.replace("LAYOUT_LEASE_RFC", "V8")
                .replace("|F_LAYOUT", ""));
        assertThat(CheckCases.run(v8, new BreakerNotFailed()).violations()).isEmpty();
    }

    @Test
    @DisplayName("USERSPACE_FLUSH_DURABLE: a flushed store lost in the crash (posted REGISTRATION_COMMITS_LOG); kept when repaired")
    void userspaceFlushDurable() throws Exception {
        Case posted = corpus("repairs/registration-commits-log-posted.case");
        Case repaired = corpus("repairs/registration-commits-log-repaired.case");
        assertThat(CheckCases.run(posted, new UserspaceFlushDurable()).violated(InvariantId.USERSPACE_FLUSH_DURABLE)).isTrue();
        assertThat(CheckCases.run(repaired, new UserspaceFlushDurable()).violations()).isEmpty();
    }
}
