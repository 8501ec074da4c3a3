package io.mapdirect.harness;

import io.mapdirect.dax.DeviceDaxInode;
import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.Op;
import io.mapdirect.events.OpResult;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.Site;
import io.mapdirect.world.World;

/**
 * Runs one operation of one actor against the world: resolves its resources, calls the model,
 * binds its result and logs its start and result as events. Every operation returns a result and
 * never throws for bad input; an exception escaping the model is an oops and ends the run.
 */
public final class Interpreter {
    private static final Site SLEEP = Site.of("harness sleep");
    private static final long PAGE = 4096;

    private final World world;
    private final Resources resources;
    private final RdmaBridge rdma;
    private final ChildStarter childStarter;

    /** Starts the task of a forked child actor. */
    @FunctionalInterface
    public interface ChildStarter {
        void start(Process child);
    }

    public Interpreter(World world, Resources resources, RdmaBridge rdma, ChildStarter childStarter) {
        this.world = world;
        this.resources = resources;
        this.rdma = rdma;
        this.childStarter = childStarter;
    }

    /** Runs {@code op}, the {@code index}-th operation of {@code actor} (a process, or null for device/env). */
    public void run(String actor, int index, Op op, Process process) {
        if (process != null) {
            process.setFaultScope(actor + "#" + index);
        }
        world.kernel().emit(new HarnessEvents.OpStarted(actor, index, op));
        Outcome outcome = execute(actor, op, process);
        if (outcome.bindsResult() && op.result() != null) {
            resources.bind(op.result(), outcome.value());
        }
        world.kernel().emit(new HarnessEvents.OpDone(actor, index, op, outcome.result(), outcome.value(), addressOf(op)));
        if (process != null) {
            process.deliverPendingSignals();
        }
    }

    /** What an operation returned, its value, and whether it binds the operation's resource. */
    record Outcome(OpResult result, long value, boolean bindsResult) {
        static Outcome of(SysResult result) {
            return new Outcome(OpResult.of(result), result instanceof SysResult.Value v ? v.value() : -1, result.isOk());
        }

        /** A result that binds nothing (a DMA outcome, a harness action's 0). */
        static Outcome unbound(OpResult result) {
            return new Outcome(result, 0, false);
        }
    }

    private Outcome execute(String actor, Op op, Process p) {
        return switch (op) {
            case Op.Sleep s -> sleep(s.ns());
            case Op.SetLeaseBreakTime s -> Outcome.of(world.leases().setLeaseBreakTime(s.seconds()));
            case Op.Kill k -> kill(k);
            case Op.Crash c -> crash();
            case Op.KillDevdax k -> killDevdax(k.device());
            case Op.DmaWrite d -> Outcome.unbound(rdma.dmaWrite(actor, resources.mr(d.mr()), d.page() * PAGE, d.value()));
            case Op.DmaRead d -> Outcome.unbound(rdma.dmaRead(actor, resources.mr(d.mr()), d.page() * PAGE));
            default -> Outcome.of(process(op, p));
        };
    }

    private SysResult process(Op op, Process p) {
        return switch (op) {
            case Op.Open o -> world.files().open(p, o.path(), o.flags());
            case Op.Close c -> world.files().close(p, resources.fd(c.fd()));
            case Op.Read r -> world.files().read(p, resources.fd(r.fd()), r.off());
            case Op.Write w -> world.files().write(p, resources.fd(w.fd()), w.off(), w.len(), w.value());
            case Op.Fallocate f -> world.files().fallocate(p, resources.fd(f.fd()), f.mode(), f.off(), f.len());
            case Op.Truncate t -> world.files().truncate(p, t.path(), t.len());
            case Op.Ftruncate t -> world.files().ftruncate(p, resources.fd(t.fd()), t.len());
            case Op.Fsync f -> world.files().fsync(p, resources.fd(f.fd()));
            case Op.Ficlone f -> world.files().ficlone(p, resources.fd(f.dst()), resources.fd(f.src()));
            case Op.SetLease s -> world.leases().setLease(p, resources.fd(s.fd()), s.type());
            case Op.GetLease g -> world.leases().getLease(p, resources.fd(g.fd()));
            default -> memory(op, p);
        };
    }

    private SysResult memory(Op op, Process p) {
        return switch (op) {
            case Op.Mmap m -> world.mm().mmap(p, 0, m.len(), m.prot(), m.flags(),
                    m.fd() == null ? -1 : resources.fd(m.fd()), m.off());
            case Op.Munmap m -> world.mm().munmap(p, at(m.addr(), m.page()), m.len());
            case Op.Mprotect m -> world.mm().mprotect(p, at(m.addr(), m.page()), m.len(), m.prot());
            case Op.Msync m -> world.mm().msync(p, at(m.addr(), m.page()), m.len(), m.flags());
            case Op.Load l -> world.mm().load(p, at(l.addr(), l.page()));
            case Op.Store s -> world.mm().store(p, at(s.addr(), s.page()), s.value());
            case Op.Flush f -> world.mm().flush(p, at(f.addr(), f.page()), f.len());
            default -> rest(op, p);
        };
    }

    private SysResult rest(Op op, Process p) {
        return switch (op) {
            case Op.RegMr r -> rdma.regMr(p, r.device(), at(r.addr(), r.page()), r.len());
            case Op.DeregMr d -> rdma.deregMr(p, resources.mr(d.mr()));
            case Op.DirectIo d -> rdma.directIo(p, at(d.addr(), d.page()), d.len(), d.holdNs());
            case Op.Fork f -> fork(p, f.child());
            case Op.Exit e -> world.proc().exit(p);
            case Op.AwaitSigio a -> p.awaitSignal(Signal.SIGIO, a.timeoutNs())
                    ? SysResult.ok() : SysResult.err(Errno.EAGAIN);
            default -> throw new IllegalArgumentException("operation " + op.name() + " cannot run on a process");
        };
    }

    /** The address a memory operation uses, -1 for other operations. */
    private long addressOf(Op op) {
        return switch (op) {
            case Op.Munmap m -> at(m.addr(), m.page());
            case Op.Mprotect m -> at(m.addr(), m.page());
            case Op.Msync m -> at(m.addr(), m.page());
            case Op.Load l -> at(l.addr(), l.page());
            case Op.Store s -> at(s.addr(), s.page());
            case Op.Flush f -> at(f.addr(), f.page());
            case Op.RegMr r -> at(r.addr(), r.page());
            case Op.DirectIo d -> at(d.addr(), d.page());
            default -> -1;
        };
    }

    private long at(String addr, long page) {
        return resources.addr(addr) + page * PAGE;
    }

    private Outcome sleep(long ns) {
        world.sim().sleepNs(ns, SLEEP);
        return Outcome.unbound(OpResult.ZERO);
    }

    private Outcome kill(Op.Kill kill) {
        Process target = world.processes().byName(kill.process());
        if (target == null) {
            return Outcome.of(SysResult.err(Errno.EINVAL));
        }
        return Outcome.of(world.proc().kill(target, Signal.valueOf(kill.signal())));
    }

    private Outcome crash() {
        world.sim().stop(CaseRunner.CRASH);
        return Outcome.unbound(OpResult.ZERO);
    }

    private Outcome killDevdax(String name) {
        for (DeviceDaxInode inode : world.devdaxInstances()) {
            if (world.vfs().lookup(World.DEV + "/" + name) == inode) {
                return Outcome.of(SysResult.ofReturn(world.deviceDax().killDevDax(inode)));
            }
        }
        return Outcome.of(SysResult.err(Errno.ENODEV));
    }

    private SysResult fork(Process parent, String childName) {
        if (world.processes().byName(childName) != null) {
            return SysResult.err(Errno.EEXIST);
        }
        Process child = world.proc().fork(parent, childName);
        childStarter.start(child);
        return SysResult.value(child.pid());
    }
}
