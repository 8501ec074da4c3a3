package io.mapdirect.world;

import io.mapdirect.dax.DeviceDax;
import io.mapdirect.dma.DmaMapping;
import io.mapdirect.hw.PciDevice;
import io.mapdirect.dax.DeviceDaxInode;
import io.mapdirect.fs.Vfs;
import io.mapdirect.fs.locks.Locks;
import io.mapdirect.fs.mapdirect.LeaseDirects;
import io.mapdirect.fs.mapdirect.MapDirect;
import io.mapdirect.fs.ramfs.Ramfs;
import io.mapdirect.fs.xfs.Xfs;
import io.mapdirect.hw.Pmem;
import io.mapdirect.iommu.Iommu;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.mm.Gup;
import io.mapdirect.mm.PagePins;
import io.mapdirect.nic.Nic;
import io.mapdirect.proc.Process;
import io.mapdirect.proc.ProcessTable;
import io.mapdirect.rdma.IbDevice;
import io.mapdirect.rdma.Uverbs;
import io.mapdirect.sim.FaultPlan;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.Simulation;
import io.mapdirect.sim.Task;
import io.mapdirect.syscalls.FileCalls;
import io.mapdirect.syscalls.LeaseCalls;
import io.mapdirect.syscalls.MemoryCalls;
import io.mapdirect.syscalls.ProcessCalls;
import io.mapdirect.syscalls.RdmaCalls;
import java.util.ArrayList;
import java.util.List;

/**
 * One booted machine: the simulation, the kernel and every subsystem wired together, with the XFS
 * filesystem at {@code /xfs}, the plain filesystem at {@code /plain}, device-dax instances under
 * {@code /dev}, and the RDMA devices (a NIC each, attached to the IOMMU in its configured mode, with
 * the verbs core over them). A test's device task drives a NIC with {@code nic(name).dmaWrite(...)}. Tests and the harness create processes, start tasks that run their calls, and
 * {@link #run()} the simulation.
 */
public final class World {
    public static final String XFS = "/xfs";
    public static final String PLAIN = "/plain";
    public static final String DEV = "/dev";

    private final WorldConfig config;
    private final Simulation sim;
    private final Kernel kernel;
    private final Memory memory;
    private final Vfs vfs;
    private final Locks locks;
    private final MapDirect mapDirect;
    private final LeaseDirects leaseDirects;
    private final PagePins pins;
    private final Xfs xfs;
    private final Ramfs ramfs;
    private final DeviceDax deviceDax;
    private final ProcessTable processes;
    private final FileCalls fileCalls;
    private final LeaseCalls leaseCalls;
    private final MemoryCalls memoryCalls;
    private final ProcessCalls processCalls;
    private final Iommu iommu;
    private final DmaMapping dma;
    private final Gup gup;
    private final List<Nic> nics = new ArrayList<>();
    private final Uverbs uverbs;
    private final RdmaCalls rdmaCalls;
    private final List<DeviceDaxInode> devdaxInstances = new ArrayList<>();
    private boolean crashed;

    private World(WorldConfig config, Simulation sim) {
        this.config = config;
        this.sim = sim;
        this.kernel = new Kernel(sim, config.kernel(), FaultPlan.of(config.faultRules()));
        int pmemBlocks = config.kernel().pmemBlocks();
        int devdaxPages = config.devdax().stream().mapToInt(WorldConfig.DevDax::pages).sum();
        int dramBase = pmemBlocks + devdaxPages;
        int frames = dramBase + config.dramPages() + 1;
        this.memory = new Memory(new Pmem(kernel, frames), dramBase, frames - 1);
        this.vfs = new Vfs(kernel);
        this.locks = new Locks(kernel, vfs);
        this.mapDirect = new MapDirect(kernel, locks);
        this.leaseDirects = new LeaseDirects(kernel, locks);
        this.pins = new PagePins(kernel);
        this.xfs = new Xfs(kernel, memory, locks, mapDirect, leaseDirects, pins, pmemBlocks);
        this.ramfs = new Ramfs(kernel, memory, config.dramPages() / 2);
        this.deviceDax = new DeviceDax(kernel, locks, leaseDirects, pins, DEV);
        this.processes = new ProcessTable(kernel, memory);
        this.fileCalls = new FileCalls(vfs, locks);
        this.leaseCalls = new LeaseCalls(kernel, locks);
        this.memoryCalls = new MemoryCalls(kernel);
        this.processCalls = new ProcessCalls(processes);
        this.iommu = new Iommu(kernel, memory.pmem(), config.iommuVendor());
        this.dma = new DmaMapping(kernel, iommu);
        this.gup = new Gup(kernel, pins);
        List<IbDevice> ibDevices = new ArrayList<>();
        long scratchPfn = frames - 1;
        for (WorldConfig.RdmaDevice spec : config.rdma()) {
            PciDevice dev = new PciDevice(spec.name(), spec.segmentBoundaryMask(), PciDevice.DMA_BIT_MASK_64);
            iommu.attach(dev, spec.mode());
            Nic nic = new Nic(kernel, dev, iommu, memory.pmem());
            nics.add(nic);
            ibDevices.add(new IbDevice(kernel, nic, dma, scratchPfn));
        }
        this.uverbs = new Uverbs(kernel, gup, ibDevices);
        this.rdmaCalls = new RdmaCalls(kernel, uverbs, gup);
        vfs.mount(xfs.mount(XFS, config.xfsDax()));
        vfs.mount(ramfs.mount(PLAIN));
        vfs.mount(deviceDax.superBlock());
        long base = pmemBlocks;
        for (WorldConfig.DevDax spec : config.devdax()) {
            devdaxInstances.add(deviceDax.createInstance(spec.name(), spec.uid(), base, spec.pages()));
            base += spec.pages();
        }
    }

    /** Boots a world. */
    public static World boot(WorldConfig config) {
        return new World(config, new Simulation(config.maxSteps(), config.maxTimeNs()));
    }

    /**
     * Boots a world on a given simulation, for instance one in the real-thread stress mode
     * ({@link Simulation#threaded}); its budgets are the simulation's, not the config's.
     */
    public static World boot(WorldConfig config, Simulation sim) {
        return new World(config, sim);
    }

    /** A new process. */
    public Process process(String name, Creds creds) {
        return processes.create(name, creds);
    }

    /** Starts a task that runs {@code body} as {@code process} (its calls, its signals). */
    public Task start(Process process, Runnable body) {
        Task task = sim.spawn(process.name(), body);
        process.attach(task);
        return task;
    }

    /** Starts a task that is not a process (the DMA device, the environment). */
    public Task startKernelTask(String name, Runnable body) {
        return sim.spawn(name, body);
    }

    /** Runs the simulation until every task is done and no timer is pending (or it fails). */
    public RunResult run() {
        if (crashed) {
            throw new IllegalStateException("the world crashed; boot a new one");
        }
        return sim.run();
    }

    /**
     * Crashes the machine (outside a run): CPU caches lose undurable stores, the filesystem recovers
     * to its last commits. The world can then only be inspected.
     */
    public void crash() {
        if (sim.isRunning()) {
            throw new IllegalStateException("crash() is called between runs");
        }
        memory.pmem().crash();
        xfs.crashAndRecover();
        crashed = true;
    }

    public boolean crashed() {
        return crashed;
    }

    public WorldConfig config() {
        return config;
    }

    public Simulation sim() {
        return sim;
    }

    public Kernel kernel() {
        return kernel;
    }

    public Memory memory() {
        return memory;
    }

    public Vfs vfs() {
        return vfs;
    }

    public Locks locks() {
        return locks;
    }

    public MapDirect mapDirect() {
        return mapDirect;
    }

    public LeaseDirects leaseDirects() {
        return leaseDirects;
    }

    public PagePins pins() {
        return pins;
    }

    public Xfs xfs() {
        return xfs;
    }

    /** The plain filesystem at {@link #PLAIN}. */
    public Ramfs ramfs() {
        return ramfs;
    }

    public DeviceDax deviceDax() {
        return deviceDax;
    }

    public List<DeviceDaxInode> devdaxInstances() {
        return List.copyOf(devdaxInstances);
    }

    public ProcessTable processes() {
        return processes;
    }

    public FileCalls files() {
        return fileCalls;
    }

    public LeaseCalls leases() {
        return leaseCalls;
    }

    /** mmap, munmap, mprotect, msync and user loads, stores and flushes. */
    public MemoryCalls mm() {
        return memoryCalls;
    }

    /** fork, exit, kill. */
    public ProcessCalls proc() {
        return processCalls;
    }

    /** ibv_reg_mr, ibv_dereg_mr and O_DIRECT-like short-term pins. */
    public RdmaCalls rdma() {
        return rdmaCalls;
    }

    /** The verbs core (user contexts, MRs, umems). */
    public Uverbs uverbs() {
        return uverbs;
    }

    public Iommu iommu() {
        return iommu;
    }

    public DmaMapping dma() {
        return dma;
    }

    /** {@code get_user_pages()} over the world's page pins. */
    public Gup gup() {
        return gup;
    }

    /** The NICs, in configuration order. */
    public List<Nic> nics() {
        return List.copyOf(nics);
    }

    /** The first (default) NIC. */
    public Nic nic() {
        return nics.get(0);
    }

    /** The NIC named {@code name}; throws for an unknown name (a test set-up error). */
    public Nic nic(String name) {
        for (Nic nic : nics) {
            if (nic.name().equals(name)) {
                return nic;
            }
        }
        throw new IllegalArgumentException("no RDMA device " + name);
    }

    /** The REMAP variant's scratch page [43]. */
    public long scratchPfn() {
        return memory.pmem().blocks() - 1L;
    }
}
