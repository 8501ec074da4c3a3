package io.mapdirect.kernel;

import io.mapdirect.sim.FaultPlan;
import io.mapdirect.sim.SimSpinLock;
import io.mapdirect.sim.Simulation;
import io.mapdirect.sim.Site;
import io.mapdirect.sim.Task;
import io.mapdirect.sim.VirtualClock;
import io.mapdirect.sim.Workqueue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model kernel's shared context: the simulation it runs under, its configuration, the slab
 * allocator with fault injection, tracked objects, probes, the kernel log, the event log, the
 * system workqueue and the sysctls. Every subsystem object holds a reference to it; nothing is
 * static, so many kernels can live in one JVM.
 */
public final class Kernel {
    /** The {@link Current} of code running outside any task (world set-up) or on a kernel worker. */
    public static final Current KERNEL_THREAD = new Current() {
        @Override
        public Creds creds() {
            return new Creds(0, 0, java.util.EnumSet.allOf(Capability.class));
        }

        @Override
        public int pid() {
            return 0;
        }

        @Override
        public String name() {
            return "kernel";
        }

        @Override
        public SignalTarget signalTarget() {
            return null;
        }

        @Override
        public String faultScope() {
            return "kernel";
        }
    };

    private final Simulation simulation;
    private final KernelConfig config;
    private final FaultPlan faultPlan;
    /**
     * Guards the kernel's shared bookkeeping (event sites, the event log and its listeners, serial
     * counters, the tracked objects): free in the deterministic mode, the scheduler lock in the
     * real-thread stress mode, where unguarded it broke (a ConcurrentModificationException in
     * {@code eventSite}, a corrupted object table).
     */
    private final SimSpinLock bookkeeping;
    private final ObjectTracker objects;
    private final Kmem kmem = new Kmem(this);
    private final Probes probes = new Probes();
    private final KernelLog log = new KernelLog();
    private final EventLog events = new EventLog();
    private final Workqueue systemWorkqueue;
    /** Each event type's trace site, computed once per JVM (a site is a name interned in a global table). */
    private static final ClassValue<Site> EVENT_SITES = new ClassValue<>() {
        @Override
        protected Site computeValue(Class<?> type) {
            return Site.of("event " + type.getSimpleName());
        }
    };
    private final Map<String, Long> serials = new LinkedHashMap<>();
    private long leaseBreakTimeSec;

    public Kernel(Simulation simulation, KernelConfig config, FaultPlan faultPlan) {
        this.simulation = simulation;
        this.bookkeeping = new SimSpinLock(simulation, "kernel bookkeeping");
        this.objects = new ObjectTracker(bookkeeping);
        this.config = config;
        this.faultPlan = faultPlan;
        this.leaseBreakTimeSec = config.leaseBreakTimeSec();
        this.systemWorkqueue = new Workqueue(simulation, "events", 4);
    }

    public Simulation sim() {
        return simulation;
    }

    public KernelConfig config() {
        return config;
    }

    public Policy policy() {
        return config.policy();
    }

    /** Whether the known bug is injected in this kernel (model code only; checkers never ask). */
    public boolean bug(KnownBug bug) {
        return config.bugs().contains(bug);
    }

    /** Whether the test-only fault is injected (model code only; checkers never ask). */
    public boolean testFault(TestFault fault) {
        return config.testFaults().contains(fault);
    }

    /**
     * Whether the model runs its repaired line at {@code repair} (the default) rather than the posted
     * one (model code only; checkers never ask).
     */
    public boolean repaired(Repair repair) {
        return !config.reverted().contains(repair);
    }

    public FaultPlan faultPlan() {
        return faultPlan;
    }

    public Kmem kmem() {
        return kmem;
    }

    public ObjectTracker objects() {
        return objects;
    }

    public Probes probes() {
        return probes;
    }

    public KernelLog log() {
        return log;
    }

    public EventLog events() {
        return events;
    }

    /** {@code system_wq}: where {@code schedule_work}/{@code schedule_delayed_work} queue. */
    public Workqueue systemWorkqueue() {
        return systemWorkqueue;
    }

    /** The calling task's {@link Current}; {@link #KERNEL_THREAD} outside a run or on kernel workers. */
    public Current current() {
        Task task = simulation.current();
        if (task != null && task.context() instanceof Current current) {
            return current;
        }
        return KERNEL_THREAD;
    }

    /** The calling task, or null outside a run. */
    public Task currentTask() {
        return simulation.current();
    }

    /** The fault-plan scope of the call in progress. */
    public String faultScope() {
        return current().faultScope();
    }

    /** Whether the calling task has a signal pending (interrupts interruptible sleeps). */
    public boolean signalPending() {
        Task task = simulation.current();
        return task != null && task.interruptPending();
    }

    public long nowNs() {
        return simulation.nowNs();
    }

    /** {@code /proc/sys/fs/lease-break-time} in seconds. */
    public long leaseBreakTimeSec() {
        return leaseBreakTimeSec;
    }

    /** {@code lease_break_time * HZ} in virtual nanoseconds. */
    public long leaseBreakTimeNs() {
        return leaseBreakTimeSec * VirtualClock.NS_PER_SEC;
    }

    /** Writes the sysctl; timers already armed keep their deadlines (scenario S4). */
    public void setLeaseBreakTimeSec(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("lease-break-time must be >= 0, got " + seconds);
        }
        this.leaseBreakTimeSec = seconds;
    }

    /** {@code WARN_ON(condition)}: logs a warning and returns the condition. */
    public boolean warnOn(boolean condition, String where) {
        if (condition) {
            log.add(nowNs(), "WARN", "WARNING at " + where);
        }
        return condition;
    }

    /** {@code dev_info}/{@code printk}. */
    public void printk(String text) {
        log.add(nowNs(), "INFO", text);
    }

    /** Records a model event for the checkers and the trace. */
    public void emit(KEvent event) {
        Task task = simulation.current();
        bookkeeping.lock();
        try {
            EventLog.Entry entry = events.append(simulation.steps(), nowNs(), task == null ? "setup" : task.name(), event);
            simulation.event(eventSite(event.getClass()), entry.index());
        } finally {
            bookkeeping.unlock();
        }
    }

    private static Site eventSite(Class<?> type) {
        return EVENT_SITES.get(type);
    }

    /** The next number of a kernel-wide counter ({@code "vma"}, {@code "ino"}, {@code "pid"}...), starting at 1. */
    public long nextSerial(String counter) {
        bookkeeping.lock();
        try {
            return serials.merge(counter, 1L, Long::sum);
        } finally {
            bookkeeping.unlock();
        }
    }

    /** Marks a racy shared access (the seed reads or writes it without a lock): a yield point. */
    public void racy(Site site) {
        simulation.yieldPoint(site);
    }
}
