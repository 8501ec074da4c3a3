package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.F;
import static io.mapdirect.rdma.RdmaWorlds.MS;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static io.mapdirect.rdma.RdmaWorlds.SEC;
import static io.mapdirect.rdma.RdmaWorlds.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.FsEvents;
import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.nic.DmaResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * spec §6's LAYOUT_LEASE_RFC (the 2019 "RDMA/FS DAX truncate proposal"): an F_LAYOUT lease through
 * {@code fcntl(F_SETLEASE, F_RDLCK | F_LAYOUT)}; a long-term pin of fs-DAX pages without one is
 * EPERM; truncating a pinned range fails with ETXTBSY while the lease holder keeps the pin. And,
 * beside it, spec §7's merged-kernel rule (UPSTREAM): a long-term pin of fs-DAX is EOPNOTSUPP.
 */
class LayoutLeaseRfcTest {
    static final Policy RFC = Policy.v8().withLongTermPin(Policy.LongTermPin.LAYOUT_LEASE);
    static final int LAYOUT_READ = FileLock.F_RDLCK | FileLock.F_LAYOUT;

    private static World inWorld(Policy policy, BiConsumer<World, Process> body) {
        World world = RdmaWorlds.boot(policy, IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        world.start(p0, () -> {
            body.accept(world, p0);
            world.proc().exit(p0);
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world, world.vfs().lookup(F));
        return world;
    }

    @Test
    @DisplayName("RFC: F_SETLEASE F_RDLCK|F_LAYOUT takes a layout lease (on an fd open for writing, where a read lease is EAGAIN); with it the fs-DAX pin registers; F_UNLCK|F_LAYOUT drops it and the next pin is EPERM")
    void layoutLeaseThroughFcntlAllowsTheLongTermPin() {
        World world = inWorld(RFC, (w, p0) -> {
            int fd = RdmaWorlds.createF(w, p0);
            assertThat(w.leases().setLease(p0, fd, FileLock.F_RDLCK)).as("a plain read lease conflicts with our own writer")
                    .isEqualTo(SysResult.err(Errno.EAGAIN));
            assertThat(w.leases().setLease(p0, fd, LAYOUT_READ)).isEqualTo(SysResult.ok());
            long addr = RdmaWorlds.mmap(w, p0, fd, 4, SHARED);
            int key = (int) w.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(w.nic().dmaWrite(key, PAGE, 7)).isInstanceOfSatisfying(DmaResult.Landed.class,
                    landed -> assertThat(landed.block()).isEqualTo(RdmaWorlds.block(w, F, 1)));
            assertThat(w.rdma().deregMr(p0, w.rdma().device("nic"), key)).isEqualTo(SysResult.ok());
            assertThat(w.leases().setLease(p0, fd, FileLock.F_UNLCK | FileLock.F_LAYOUT)).isEqualTo(SysResult.ok());
            assertThat(w.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EPERM));
        });
        List<LeaseEvents.LeaseAdded> added = world.kernel().events().ofType(LeaseEvents.LeaseAdded.class);
        assertThat(added).hasSize(1);
        assertThat(added.get(0).layout()).isTrue();
        assertThat(world.kernel().probes().count("registration refused: no F_LAYOUT lease")).isEqualTo(1);
    }

    @Test
    @DisplayName("RFC: a write layout lease is EINVAL (only F_RDLCK|F_LAYOUT, as the RFC's first version); the designs without layout leases reject F_LAYOUT with EINVAL")
    void layoutFlagIsRefusedWhereItDoesNotExist() {
        inWorld(RFC, (w, p0) -> {
            int fd = RdmaWorlds.createF(w, p0);
            assertThat(w.leases().setLease(p0, fd, FileLock.F_WRLCK | FileLock.F_LAYOUT)).isEqualTo(SysResult.err(Errno.EINVAL));
        });
        for (Policy other : List.of(RdmaWorlds.v8(), RdmaWorlds.upstream())) {
            inWorld(other, (w, p0) -> {
                int fd = RdmaWorlds.createF(w, p0);
                assertThat(w.leases().setLease(p0, fd, LAYOUT_READ)).as(other.toString()).isEqualTo(SysResult.err(Errno.EINVAL));
            });
        }
    }

    @Test
    @DisplayName("merged Linux (spec §7): registering fs-DAX is a FOLL_LONGTERM pin and fails EOPNOTSUPP, with or without any lease")
    void upstreamRefusesLongTermFsDaxPins() {
        World world = inWorld(RdmaWorlds.upstream(), (w, p0) -> {
            int fd = RdmaWorlds.createF(w, p0);
            long addr = RdmaWorlds.mmap(w, p0, fd, 4, SHARED);
            assertThat(w.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
        });
        assertThat(world.kernel().probes().count("long-term pin of fs-DAX refused")).isEqualTo(1);
    }

    record Truncation(World world, SysResult whilePinned, long failedAtNs, SysResult afterRelease, DmaResult dmaAfter,
                      int blockBefore, int blockAfterFailure) { }

    /**
     * P0 takes the F_LAYOUT lease, maps f and registers it, keeps the MR for 20 s, then deregisters
     * and drops its mapping; P1 truncates f to one block at 1 ms and again at 30 s; the NIC writes
     * block 3 at 5 s. lease-break-time is 1 s.
     */
    static Truncation truncateUnderPin() {
        World world = RdmaWorlds.boot(RFC, IommuMode.DMA_STRICT);
        world.kernel().setLeaseBreakTimeSec(1);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        int[] key = {-1};
        int[] blocks = new int[2];
        long[] failedAt = {-1};
        List<Object> results = new ArrayList<>();
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            assertThat(world.leases().setLease(p0, fd, LAYOUT_READ)).isEqualTo(SysResult.ok());
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, SHARED);
            key[0] = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            blocks[0] = RdmaWorlds.block(world, F, 3);
            world.sim().sleepNs(20 * SEC, null);
            assertThat(world.rdma().deregMr(p0, world.rdma().device("nic"), key[0])).isEqualTo(SysResult.ok());
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(MS, null);
            results.add(world.files().truncate(p1, F, PAGE));
            failedAt[0] = world.sim().nowNs();
            blocks[1] = RdmaWorlds.block(world, F, 3);
            world.sim().sleepNs(30 * SEC, null);
            results.add(world.files().truncate(p1, F, PAGE));
            world.proc().exit(p1);
        });
        world.startKernelTask("device", () -> {
            world.sim().sleepNs(5 * SEC, null);
            results.add(world.nic().dmaWrite(key[0], 3 * PAGE, 9));
        });
        RdmaWorlds.assertCompleted(world.run());
        return new Truncation(world, (SysResult) results.get(0), failedAt[0], (SysResult) results.get(2),
                (DmaResult) results.get(1), blocks[0], blocks[1]);
    }

    @Test
    @DisplayName("RFC: truncating a range the lease holder keeps pinned breaks the F_LAYOUT lease (SIGIO), waits lease-break-time, then fails ETXTBSY; the blocks stay the file's, so the device's later DMA lands in the file; once the pin is gone the truncate succeeds")
    void truncateOfPinnedRangeIsEtxtbsy() {
        Truncation run = truncateUnderPin();
        assertThat(run.whilePinned()).isEqualTo(SysResult.err(Errno.ETXTBSY));
        assertThat(run.failedAtNs()).as("after lease-break-time (1 s) from the break at 1 ms").isEqualTo(SEC + MS);
        assertThat(run.world().kernel().events().ofType(FsEvents.SigioSent.class)).hasSize(1);
        assertThat(run.blockAfterFailure()).isEqualTo(run.blockBefore());
        assertThat(run.dmaAfter()).isInstanceOfSatisfying(DmaResult.Landed.class,
                landed -> assertThat(landed.block()).isEqualTo(run.blockBefore()));
        assertThat(run.afterRelease()).isEqualTo(SysResult.ok());
        assertThat(run.world().vfs().lookup(F).sizeBytes()).isEqualTo(PAGE);
        RdmaWorlds.assertNothingLeft(run.world(), run.world().vfs().lookup(F));
    }

    @Test
    @DisplayName("RFC: sharing is part of the layout (the RFC's lease semantics), so FICLONE from a file whose pages the lease holder keeps pinned breaks the lease, then fails ETXTBSY; once the MR is gone it succeeds")
    void reflinkOfPinnedFileIsEtxtbsy() {
        inWorld(RFC, (w, p0) -> {
            int fd = RdmaWorlds.createF(w, p0);
            int g = RdmaWorlds.createFile(w, p0, RdmaWorlds.G, 0, 1);
            assertThat(w.leases().setLease(p0, fd, LAYOUT_READ)).isEqualTo(SysResult.ok());
            long addr = RdmaWorlds.mmap(w, p0, fd, 4, SHARED);
            int key = (int) w.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            int block = RdmaWorlds.block(w, F, 0);
            assertThat(w.files().ficlone(p0, g, fd)).isEqualTo(SysResult.err(Errno.ETXTBSY));
            assertThat(RdmaWorlds.inode(w, F).map().hasSharedBlocks()).isFalse();
            assertThat(RdmaWorlds.block(w, F, 0)).isEqualTo(block);
            assertThat(w.rdma().deregMr(p0, w.rdma().device("nic"), key)).isEqualTo(SysResult.ok());
            assertThat(w.vfs().lookup(F).flctx().leases()).as("the refused FICLONE broke the lease first").isEmpty();
            assertThat(w.files().ficlone(p0, g, fd)).isEqualTo(SysResult.ok());
        });
    }
}
