package io.mapdirect.sim.selftest;

import io.mapdirect.sim.DelayedWork;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.SimMutex;
import io.mapdirect.sim.SimRwSemaphore;
import io.mapdirect.sim.SimSpinLock;
import io.mapdirect.sim.Simulation;
import io.mapdirect.sim.Site;
import io.mapdirect.sim.Task;
import io.mapdirect.sim.VirtualClock;
import io.mapdirect.sim.WaitQueue;
import io.mapdirect.sim.WaitResult;
import io.mapdirect.sim.Work;
import io.mapdirect.sim.Workqueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link SimCase} on a fresh {@link Simulation} (budget: {@value #MAX_STEPS} steps and ten
 * virtual seconds) with a two-worker workqueue, and returns the run with its fingerprint and any
 * thread left alive.
 */
public final class SimProgramRunner {
    static final long MAX_STEPS = 200_000;
    private static final Site[] RACY = new Site[SimProgramGenerator.RACY_SITES];

    static {
        for (int i = 0; i < RACY.length; i++) {
            RACY[i] = Site.of("racy " + i);
        }
    }

    private static final long MAX_TIME_NS = 10 * VirtualClock.NS_PER_SEC;

    private final Simulation sim;
    private final SimSpinLock wakeCountLock;
    private final SimMutex[] mutexes;
    private final SimRwSemaphore[] rwsems;
    private final WaitQueue[] queues;
    private final long[] wakeCounts;
    private final Work[] works;
    private final DelayedWork[] delayed;
    private final List<Task> tasks = new ArrayList<>();

    private SimProgramRunner(SimProgram program, Simulation sim) {
        this.sim = sim;
        this.wakeCountLock = new SimSpinLock(sim, "wake counts");
        mutexes = new SimMutex[program.mutexes()];
        for (int i = 0; i < mutexes.length; i++) {
            mutexes[i] = new SimMutex(sim, "m" + i);
        }
        rwsems = new SimRwSemaphore[program.rwsems()];
        for (int i = 0; i < rwsems.length; i++) {
            rwsems[i] = new SimRwSemaphore(sim, "s" + i);
        }
        queues = new WaitQueue[program.queues()];
        wakeCounts = new long[queues.length];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new WaitQueue(sim, "q" + i);
        }
        Workqueue workqueue = new Workqueue(sim, "wq", 2);
        works = new Work[program.workBodies().size()];
        for (int i = 0; i < works.length; i++) {
            List<Op> body = program.workBodies().get(i);
            works[i] = new Work(workqueue, "w" + i, () -> execute(body));
        }
        delayed = new DelayedWork[program.delayedBodies().size()];
        for (int i = 0; i < delayed.length; i++) {
            List<Op> body = program.delayedBodies().get(i);
            delayed[i] = new DelayedWork(workqueue, "d" + i, () -> execute(body));
        }
        for (int t = 0; t < program.tasks().size(); t++) {
            List<Op> script = program.tasks().get(t);
            tasks.add(sim.spawn("T" + t, () -> execute(script)));
        }
    }

    /** Runs {@code simCase} once on a fresh simulation. */
    public static CaseRun run(SimCase simCase) {
        SimProgramRunner runner = new SimProgramRunner(simCase.program(), new Simulation(MAX_STEPS, MAX_TIME_NS));
        runner.sim.setSchedule(simCase.schedule());
        RunResult result = runner.sim.run();
        return new CaseRun(result, result.trace().fingerprint(), runner.sim.liveTaskThreads());
    }

    /**
     * Runs the case's program in the real-thread stress mode ({@link Simulation#threaded}): every task on
     * its own platform thread at once; the schedule is not used. The fingerprint is of the (step-free)
     * threaded trace.
     */
    public static CaseRun runThreaded(SimCase simCase, Duration wallClockLimit, long perturbSeed) {
        Simulation sim = Simulation.threaded(MAX_STEPS, MAX_TIME_NS, wallClockLimit, perturbSeed);
        SimProgramRunner runner = new SimProgramRunner(simCase.program(), sim);
        RunResult result = sim.run();
        return new CaseRun(result, result.trace().fingerprint(), sim.liveTaskThreads());
    }

    private void execute(List<Op> script) {
        for (Op op : script) {
            execute(op);
        }
    }

    private void execute(Op op) {
        switch (op) {
            case Op.Racy r -> sim.yieldPoint(RACY[r.site()]);
            case Op.Lock l -> mutexes[l.mutex()].lock();
            case Op.Unlock u -> mutexes[u.mutex()].unlock();
            case Op.DownRead d -> rwsems[d.sem()].downRead();
            case Op.UpRead u -> rwsems[u.sem()].upRead();
            case Op.DownWrite d -> rwsems[d.sem()].downWrite();
            case Op.UpWrite u -> rwsems[u.sem()].upWrite();
            case Op.Sleep s -> sim.sleepNs(s.ns(), RACY[0]);
            case Op.Wait w -> waitFor(w);
            case Op.Wake w -> {
                wakeCountLock.lock();
                wakeCounts[w.queue()]++;
                wakeCountLock.unlock();
                queues[w.queue()].wakeUpAll();
            }
            case Op.QueueWork q -> works[q.work()].queue();
            case Op.FlushWork f -> works[f.work()].flush();
            case Op.CancelWork c -> works[c.work()].cancel();
            case Op.ScheduleDelayed s -> delayed[s.work()].schedule(s.delayNs());
            case Op.FlushDelayed f -> delayed[f.work()].flush();
            case Op.CancelDelayed c -> delayed[c.work()].cancel();
            case Op.Interrupt i -> sim.interrupt(tasks.get(i.task()));
        }
    }

    /** Waits for the queue's wake count to move; an interrupt is "delivered" (cleared) when it ends the wait. */
    private void waitFor(Op.Wait wait) {
        int q = wait.queue();
        wakeCountLock.lock();
        long seen = wakeCounts[q];
        wakeCountLock.unlock();
        WaitResult result = queues[q].waitEvent(() -> wakeCounts[q] > seen, wait.timeoutNs(), wait.interruptible());
        if (result == WaitResult.INTERRUPTED) {
            sim.current().clearInterrupt();
        }
    }
}
