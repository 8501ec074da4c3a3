package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.File;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.mm.Vma;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunResult;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link XfsDirect} at its edges: {@code xfs_file_mmap_validate()} [06] without MAP_DIRECT is
 * {@code xfs_file_mmap()}; a kernel without MAP_DIRECT refuses it; the policy that refuses a non-DAX
 * or reflinked file at mmap time [26] and the posted one that lets the mmap succeed; the VM flags of
 * a DAX MAP_DIRECT VMA; the repaired direct fault's EOF check; and the scheduling window between
 * {@code xfs_vma_checks()} and the PTE, which only the posted invalidation can use.
 */
class XfsDirectEdgesTest {
    private static final SysResult SIGBUS = SysResult.signal(Signal.SIGBUS);
    private static final String AFTER_CHECKS = "__xfs_filemap_fault: after xfs_vma_checks";

    private static WorldConfig withNonDaxMapDirect(WorldConfig config, Policy.NonDaxMapDirect value) {
        return config.withKernel(config.kernel().withPolicy(config.kernel().policy().withNonDaxMapDirect(value)));
    }

    private static SysResult mmapDirect(Fixture fx, Process p, int fd) {
        return fx.world.mm().mmap(p, 0, 4 * PAGE, Fixture.RW, Fixture.DIRECT, fd, 0);
    }

    /** [06]: {@code if ((map_flags & MAP_DIRECT) == 0) return xfs_file_mmap(filp, vma);} — the ordinary ops, no registration. */
    @Test
    void validateWithoutMapDirectIsTheOrdinaryMmap() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            long addr = fx.map(p0, fd, 4, Fixture.SHARED);
            Vma vma = p0.mm().findVma(addr);
            File file = p0.files().get(fd);
            assertThat(fx.world.xfs().direct().mmapValidate(file, vma, MmapFlags.MAP_SHARED, fd)).isZero();
            assertThat(vma.ops()).isSameAs(fx.world.xfs().faults());
            assertThat(vma.privateData()).isNull();
        });
        assertThat(fx.live("map_direct_state")).isZero();
    }

    /** A kernel without MAP_DIRECT support: MAP_SHARED_VALIDATE|MAP_DIRECT is EOPNOTSUPP and nothing is registered. */
    @Test
    void aKernelWithoutMapDirectRefusesIt() {
        WorldConfig defaults = WorldConfig.defaults();
        Fixture fx = Fixture.boot(defaults.withKernel(defaults.kernel().withPolicy(
                defaults.kernel().policy().withMapDirect(false))));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> assertThat(mmapDirect(fx, p0, fx.createF(p0))).isEqualTo(SysResult.err(Errno.EOPNOTSUPP)));
        assertThat(fx.live("map_direct_state")).isZero();
    }

    /** Dave Chinner's rule [26] (policy REFUSE_AT_MMAP): a non-DAX file is refused at mmap time. */
    @Test
    void refuseAtMmapRefusesANonDaxFile() {
        Fixture fx = Fixture.boot(withNonDaxMapDirect(WorldConfig.defaults().withXfsDax(false),
                Policy.NonDaxMapDirect.REFUSE_AT_MMAP));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> assertThat(mmapDirect(fx, p0, fx.createF(p0))).isEqualTo(SysResult.err(Errno.EOPNOTSUPP)));
        assertThat(fx.live("map_direct_state")).isZero();
    }

    /** REFUSE_AT_MMAP: a DAX file with reflinked blocks is refused; one without is mapped. */
    @Test
    void refuseAtMmapRefusesAReflinkedDaxFileOnly() {
        Fixture fx = Fixture.boot(withNonDaxMapDirect(WorldConfig.defaults(), Policy.NonDaxMapDirect.REFUSE_AT_MMAP));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.createF(p0);
            int g = fx.create(p0, G, 0);
            assertThat(mmapDirect(fx, p0, f).isOk()).isTrue();
            fx.world.files().ficlone(p0, g, f).valueOrThrow();
            assertThat(mmapDirect(fx, p0, g)).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
        });
        assertThat(fx.live("map_direct_state")).isEqualTo(1);
    }

    /** As posted [06] (SIGBUS_AT_FAULT): MAP_DIRECT of a non-DAX file succeeds, its faults get SIGBUS ("not DAX"). */
    @Test
    void postedPolicyMapsANonDaxFileAndFaultsItWithSigbus() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            SysResult mapped = mmapDirect(fx, p0, fx.createF(p0));
            assertThat(mapped.isOk()).isTrue();
            Vma vma = p0.mm().findVma(mapped.valueOrThrow());
            assertThat(vma.vmFlags() & (Mm.VM_MIXEDMAP | Mm.VM_HUGEPAGE)).as("not DAX: no VM_MIXEDMAP").isZero();
            assertThat(fx.world.mm().load(p0, mapped.valueOrThrow())).isEqualTo(SIGBUS);
        });
    }

    /** [06]: {@code if (IS_DAX(inode)) vma->vm_flags |= VM_MIXEDMAP | VM_HUGEPAGE;} on the MAP_DIRECT VMA. */
    @Test
    void aDaxMapDirectVmaIsMixedMapAndHugePage() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            Vma vma = p0.mm().findVma(addr);
            assertThat(vma.ops()).isSameAs(fx.world.xfs().direct());
            assertThat(vma.vmFlags() & (Mm.VM_MIXEDMAP | Mm.VM_HUGEPAGE)).isEqualTo(Mm.VM_MIXEDMAP | Mm.VM_HUGEPAGE);
        });
    }

    /** The repaired direct fault (DIRECT_FAULT_REFUSES_BLOCK_MAP_CHANGE) keeps the DAX fault's rule: beyond EOF is SIGBUS. */
    @Test
    void repairedDirectFaultBeyondEofIsSigbus() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.create(p0, F, 2), 4, Fixture.DIRECT);
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(1));
            assertThat(fx.world.mm().load(p0, addr + 3 * PAGE)).isEqualTo(SIGBUS);
        });
    }

    private static boolean faultYieldsAfterTheChecks(WorldConfig config) {
        Fixture fx = Fixture.boot(config);
        Process p0 = fx.owner("P0");
        long[] addr = new long[1];
        fx.runAs(p0, () -> addr[0] = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT));
        RunResult run = fx.runAs(p0, () -> fx.world.mm().load(p0, addr[0]));
        return run.trace().entries().stream().anyMatch(e -> AFTER_CHECKS.equals(e.site()));
    }

    /**
     * The window between xfs_vma_checks() and the PTE, where a posted map_direct_invalidate() (no fault
     * flush [04]) can clear VALID and zap before the fault installs its PTE, is a scheduling point only
     * in that design: with the fault flush (repair INVALIDATE_FLUSHES_FAULTS) the MMAPLOCK closes it.
     */
    @Test
    void theChecksToPteWindowIsAYieldPointOnlyWithoutTheFaultFlush() {
        WorldConfig defaults = WorldConfig.defaults();
        assertThat(faultYieldsAfterTheChecks(defaults)).isFalse();
        assertThat(faultYieldsAfterTheChecks(defaults.withKernel(
                defaults.kernel().withReverted(Set.of(Repair.INVALIDATE_FLUSHES_FAULTS))))).isTrue();
    }

    /** A fault refused by the checks (not DAX: SIGBUS) goes no further, not even to that window. */
    @Test
    void aFaultRefusedByTheChecksDoesNotReachTheWindow() {
        WorldConfig nonDax = WorldConfig.defaults().withXfsDax(false);
        assertThat(faultYieldsAfterTheChecks(nonDax.withKernel(
                nonDax.kernel().withReverted(Set.of(Repair.INVALIDATE_FLUSHES_FAULTS))))).isFalse();
    }
}
