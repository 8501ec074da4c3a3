package io.mapdirect.harness;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.KernelConfig;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.FaultPlan;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Boots the world a case describes and creates its files before the run, through the model's own
 * calls made by a set-up process of the file's owner (so blocks, sizes and leases come out as the
 * kernel makes them), then makes them durable. Set-up runs outside the simulation and never blocks.
 */
public final class WorldSetup {
    /** Virtual-time budget of a case run. */
    public static final long MAX_TIME_NS = 3_600L * 1_000_000_000L;
    /** Step budget of a case run. */
    public static final long MAX_STEPS = 400_000;
    /**
     * DRAM pages of a case's world: generated cases map a few pages of anonymous memory and page
     * cache, so 1024 (4 MiB) is plenty, and booting a world allocates a quarter of what the default
     * 4096 does (the property suite's cases per second are dominated by the boot).
     */
    public static final int DRAM_PAGES = 1024;

    private WorldSetup() {
    }

    /** The world configuration of a case. */
    public static WorldConfig config(Case c) {
        WorldSpec spec = c.world();
        KernelConfig kernel = KernelConfig.defaults()
                .withProfile(c.variant().profile())
                .withPolicy(c.variant().policy())
                .withBugs(union(c.variant().bugs(), c.faults()))
                .withReverted(union(c.variant().reverted(), c.reverted()))
                .withTestFaults(c.testFaults())
                .withLeaseBreakTimeSec(spec.leaseBreakTimeSec())
                .withPmemBlocks(spec.pmemBlocks());
        List<WorldConfig.DevDax> devdax = new ArrayList<>();
        for (WorldSpec.DevdaxSpec d : spec.devdax()) {
            devdax.add(new WorldConfig.DevDax(d.name(), d.pages(), d.ownerUid()));
        }
        List<FaultPlan.Rule> rules = new ArrayList<>();
        for (WorldSpec.AllocFailure failure : spec.allocFailures()) {
            rules.add(new FaultPlan.Rule(failure.actor() + "#" + failure.opIndex(), "alloc", failure.nth()));
        }
        List<WorldConfig.RdmaDevice> devices = new ArrayList<>();
        for (WorldSpec.DeviceSpec d : spec.devices()) {
            devices.add(WorldConfig.RdmaDevice.of(d.name(), d.iommu()));
        }
        WorldConfig config = WorldConfig.defaults().withKernel(kernel).withDramPages(DRAM_PAGES)
                .withXfsDax(spec.xfsDax()).withDevdax(devdax).withIommuVendor(spec.iommuVendor())
                .withFaultRules(rules).withBudgets(MAX_STEPS, MAX_TIME_NS);
        return devices.isEmpty() ? config : config.withRdma(devices);
    }

    private static <E extends Enum<E>> Set<E> union(Set<E> a, Set<E> b) {
        if (a.isEmpty()) {
            return b;
        }
        Set<E> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Boots the world and creates the case's files. */
    public static World boot(Case c) {
        return boot(c, null);
    }

    /**
     * Boots the world on {@code sim} (null: a deterministic simulation with the case's budgets), for
     * instance a threaded one for the stress mode, and creates the case's files.
     */
    public static World boot(Case c, io.mapdirect.sim.Simulation sim) {
        WorldConfig config = config(c);
        World world = sim == null ? World.boot(config) : World.boot(config, sim);
        int index = 0;
        for (WorldSpec.FileSpec file : c.world().files()) {
            createFile(world, file, index++);
        }
        return world;
    }

    private static void createFile(World world, WorldSpec.FileSpec spec, int fileIndex) {
        Process setup = world.process("setup:" + spec.path(), Creds.user(spec.ownerUid()));
        setup.setFaultScope("setup");
        int fd = (int) expectOk(world.files().open(setup, spec.path(), OpenFlags.O_RDWR | OpenFlags.O_CREAT), spec).value();
        if (spec.reflinkFrom() != null) {
            int src = (int) expectOk(world.files().open(setup, spec.reflinkFrom(), OpenFlags.O_RDONLY), spec).value();
            expectOk(world.files().ficlone(setup, fd, src), spec);
            world.files().close(setup, src);
        }
        long size = spec.blocks().length() * 4096L;
        if (size > 0) {
            expectOk(world.files().ftruncate(setup, fd, Math.max(size, world.vfs().lookup(spec.path()).sizeBytes())), spec);
        }
        for (int block = 0; block < spec.blocks().length(); block++) {
            long off = block * 4096L;
            switch (spec.blocks().charAt(block)) {
                case 'W' -> expectOk(world.files().write(setup, fd, off, 4096, (fileIndex + 1) * 100L + block), spec);
                case 'U' -> expectOk(world.files().fallocate(setup, fd, 1, off, 4096), spec);
                case 'H', 'S' -> { }
                default -> throw new IllegalArgumentException("file " + spec.path() + ": block letter '"
                        + spec.blocks().charAt(block) + "' is not W, U, H or S");
            }
        }
        expectOk(world.files().fsync(setup, fd), spec);
        world.files().close(setup, fd);
        setup.exit();
    }

    private static SysResult.Value expectOk(SysResult result, WorldSpec.FileSpec spec) {
        if (result instanceof SysResult.Value value) {
            return value;
        }
        throw new IllegalArgumentException("cannot create file " + spec.path() + " as described: " + result.brief());
    }
}
