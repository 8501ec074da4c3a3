package io.mapdirect.rdma;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.Inode;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.nic.NicEvent;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.VirtualClock;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import java.util.Set;

/** Worlds and steps the RDMA scenario tests share (the scenarios' defaults: f of 4 WRITTEN blocks, nic strict). */
final class RdmaWorlds {
    static final String F = "/xfs/f";
    static final String G = "/xfs/g";
    static final long PAGE = 4096;
    static final long MS = VirtualClock.NS_PER_MS;
    static final long SEC = VirtualClock.NS_PER_SEC;
    static final int RW = MmapFlags.PROT_READ | MmapFlags.PROT_WRITE;
    static final int DIRECT = MmapFlags.MAP_SHARED_VALIDATE | MmapFlags.MAP_DIRECT;
    static final int SHARED = MmapFlags.MAP_SHARED;
    static final int FALLOC_PUNCH = 0x02 | 0x01;

    private RdmaWorlds() {
    }

    /** The V7 design: dma_has_iommu at registration, dma_unmap_sg at break [11]. */
    static Policy v7() {
        return Policy.v8().withRevoke(Policy.Revoke.DMA_UNMAP_SG);
    }

    static Policy v8() {
        return Policy.v8();
    }

    static Policy upstream() {
        return Policy.v8().withLongTermPin(Policy.LongTermPin.REFUSE_FS_DAX).withMapDirect(false);
    }

    static World boot(Policy policy, IommuMode mode, KnownBug... bugs) {
        return World.boot(config(policy, mode, bugs));
    }

    static WorldConfig config(Policy policy, IommuMode mode, KnownBug... bugs) {
        WorldConfig defaults = WorldConfig.defaults();
        return defaults.withKernel(defaults.kernel().withPolicy(policy).withBugs(Set.of(bugs))).withNicMode(mode);
    }

    /** Opens (creating) {@code path} O_RDWR and writes {@code blocks} blocks of {@code version}, fsynced. Returns the fd. */
    static int createFile(World world, Process p, String path, int blocks, long version) {
        int fd = (int) world.files().open(p, path, OpenFlags.O_RDWR | OpenFlags.O_CREAT).valueOrThrow();
        world.files().write(p, fd, 0, blocks * PAGE, version);
        world.files().fsync(p, fd);
        return fd;
    }

    /** f: 4 blocks, all WRITTEN with version 1. */
    static int createF(World world, Process p0) {
        return createFile(world, p0, F, 4, 1);
    }

    static long mmap(World world, Process p, int fd, long blocks, int flags) {
        return world.mm().mmap(p, 0, blocks * PAGE, RW, flags, fd, 0).valueOrThrow();
    }

    static XfsInode inode(World world, String path) {
        return (XfsInode) world.vfs().lookup(path);
    }

    /** The pmem block file block {@code fileBlock} of {@code path} maps now. */
    static int block(World world, String path, long fileBlock) {
        return (int) world.vfs().lookup(path).pfnAt(fileBlock);
    }

    static IommuDomain domain(World world) {
        return world.iommu().iommuGetDomainForDev(world.nic().device());
    }

    static List<NicEvent.DmaLanded> landed(World world) {
        return world.kernel().events().ofType(NicEvent.DmaLanded.class);
    }

    static List<NicEvent.DmaFaulted> faulted(World world) {
        return world.kernel().events().ofType(NicEvent.DmaFaulted.class);
    }

    static void assertCompleted(RunResult run) {
        assertThat(run.completed()).as(run.outcome().describe()).isTrue();
    }

    /** NO_LEAK for the RDMA layer: no MR, umem, lease_direct, pin or IOVA left; no lease on {@code inodes}. */
    static void assertNothingLeft(World world, Inode... inodes) {
        assertThat(world.kernel().objects().live("ib_umem")).isEmpty();
        assertThat(world.kernel().objects().live("ib_umem_odp")).isEmpty();
        assertThat(world.kernel().objects().live("ib_mr")).isEmpty();
        assertThat(world.kernel().objects().live("lease_direct")).isEmpty();
        assertThat(world.pins().all()).isEmpty();
        for (IommuDomain domain : world.iommu().domains()) {
            assertThat(domain.iovad().allocated()).as("IOVAs of " + domain).isEmpty();
            assertThat(domain.mappedPages()).as("IOMMU PTEs of " + domain).isZero();
        }
        for (Inode inode : inodes) {
            assertThat(inode.flctx().leases()).as("leases of " + inode).isEmpty();
        }
        for (var nic : world.nics()) {
            assertThat(nic.mrs()).isEmpty();
        }
    }
}
