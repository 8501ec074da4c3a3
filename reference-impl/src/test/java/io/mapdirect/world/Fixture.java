package io.mapdirect.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.Inode;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.FaultPlan;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.VirtualClock;
import java.util.List;
import java.util.Set;

/**
 * The small world most part-1 unit tests start from (the scenarios' defaults): a booted {@link World},
 * processes of uid 1000 (the owner of {@code f}) or 2000 (another user without CAP_LEASE), and
 * helpers that run a body as a process and insist that the run completed, printing the outcome
 * otherwise.
 */
public final class Fixture {
    public static final String F = "/xfs/f";
    public static final String G = "/xfs/g";
    public static final String PLAIN_F = "/plain/f";
    public static final long PAGE = 4096;
    public static final long SEC = VirtualClock.NS_PER_SEC;
    public static final int OWNER = 1000;
    public static final int OTHER = 2000;
    public static final int RW = MmapFlags.PROT_READ | MmapFlags.PROT_WRITE;
    public static final int DIRECT = MmapFlags.MAP_SHARED_VALIDATE | MmapFlags.MAP_DIRECT;
    public static final int SHARED = MmapFlags.MAP_SHARED;

    public final World world;

    private Fixture(World world) {
        this.world = world;
    }

    public static Fixture boot() {
        return boot(WorldConfig.defaults());
    }

    public static Fixture boot(WorldConfig config) {
        return new Fixture(World.boot(config));
    }

    /** Defaults with the known bugs injected. */
    public static WorldConfig withBugs(KnownBug... bugs) {
        WorldConfig defaults = WorldConfig.defaults();
        return defaults.withKernel(defaults.kernel().withBugs(Set.of(bugs)));
    }

    /** Defaults with another design policy. */
    public static WorldConfig withPolicy(Policy policy) {
        WorldConfig defaults = WorldConfig.defaults();
        return defaults.withKernel(defaults.kernel().withPolicy(policy));
    }

    /** Defaults in another flag profile. */
    public static WorldConfig withProfile(FlagProfile profile) {
        WorldConfig defaults = WorldConfig.defaults();
        return defaults.withKernel(defaults.kernel().withProfile(profile));
    }

    /** Defaults failing the {@code nth} allocation made inside the fault scope {@code scope}. */
    public static WorldConfig failingAllocation(String scope, int nth) {
        return WorldConfig.defaults().withFaultRules(List.of(new FaultPlan.Rule(scope, "alloc", nth)));
    }

    /** A process of the owner's uid 1000. */
    public Process owner(String name) {
        return world.process(name, Creds.user(OWNER));
    }

    /** A process of uid 2000, which owns nothing and has no capability. */
    public Process other(String name) {
        return world.process(name, Creds.user(OTHER));
    }

    /** Starts {@code body} as {@code process}. */
    public void start(Process process, Runnable body) {
        world.start(process, body);
    }

    /** Runs every started task and insists the run completed. */
    public RunResult runCompleted() {
        RunResult run = world.run();
        assertThat(run.completed()).as("run did not complete: %s", run.outcome().describe()).isTrue();
        return run;
    }

    /** Runs {@code body} as {@code process} alone and insists the run completed. */
    public RunResult runAs(Process process, Runnable body) {
        start(process, body);
        return runCompleted();
    }

    /** Opens {@code path}; the fd (fails the test on an error). */
    public int open(Process process, String path, int flags) {
        return (int) world.files().open(process, path, flags).valueOrThrow();
    }

    /** Creates {@code path} O_RDWR with {@code blocks} WRITTEN blocks of version 1, durable; returns the fd. */
    public int create(Process process, String path, int blocks) {
        int fd = open(process, path, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        if (blocks > 0) {
            world.files().write(process, fd, 0, blocks * PAGE, 1).valueOrThrow();
        }
        world.files().fsync(process, fd).valueOrThrow();
        return fd;
    }

    /** the scenarios' {@code f}: 4 WRITTEN blocks, durable, owned by uid 1000. */
    public int createF(Process owner) {
        return create(owner, F, 4);
    }

    /** mmap of {@code blocks} pages RW; the address (fails the test on an error). */
    public long map(Process process, int fd, int blocks, int flags) {
        return world.mm().mmap(process, 0, blocks * PAGE, RW, flags, fd, 0).valueOrThrow();
    }

    public Inode inode(String path) {
        return world.vfs().lookup(path);
    }

    public XfsInode xfs(String path) {
        return (XfsInode) world.vfs().lookup(path);
    }

    public long nowNs() {
        return world.sim().nowNs();
    }

    /** Sleeps the calling task for {@code ns} of virtual time. */
    public void sleepNs(long ns) {
        world.sim().sleepNs(ns, null);
    }

    /** Live tracked objects of one kind ({@code "map_direct_state"}, {@code "file_lock"}, ...). */
    public int live(String kind) {
        return world.kernel().objects().live(kind).size();
    }

    /** The XFS allocator's accounting errors against every inode's map (empty when clean). */
    public List<String> blockAccountingErrors() {
        List<io.mapdirect.fs.xfs.ExtentMap> maps = world.xfs().inodes().stream().map(XfsInode::map).toList();
        return world.xfs().allocator().accountingErrors(maps);
    }
}
