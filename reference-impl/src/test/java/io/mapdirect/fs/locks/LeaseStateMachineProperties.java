package io.mapdirect.fs.locks;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.File;
import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.VirtualClock;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The fcntl lease state machine against {@link FcntlLeaseRulesModel} (spec §2.4, 7; S20): two or
 * three processes of the owner's uid open one file (non-blocking), close, set, change and remove
 * leases and ask for them, at random virtual times (so breaks time out at lease-break-time of 1, 5
 * or 45 s). Every call's result, every process's SIGIO count and the leases left at the end must be
 * the model's. Model choice, and what is left out: opens are non-blocking here, so no call blocks;
 * when blocked breakers return is covered by the example tests of {@link LeaseStateMachineTest}.
 */
class LeaseStateMachineProperties {
    static final String SEED = "20171006";
    static final String F = "/xfs/f";

    enum Kind { OPEN, CLOSE, SETLEASE, GETLEASE }

    /** One call by {@code process} {@code gapNs} after the previous one; {@code slot} picks one of its files (-1: a bad fd). */
    record Step(int process, Kind kind, int slot, int arg, long gapNs) { }

    record Case(int processes, long leaseBreakTimeSec, List<Step> steps) { }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Long> gaps = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, 1000).map(ms -> ms * VirtualClock.NS_PER_MS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 60).map(s -> s * VirtualClock.NS_PER_SEC)));
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of(Kind.OPEN, Kind.OPEN, Kind.OPEN, Kind.CLOSE, Kind.SETLEASE, Kind.SETLEASE, Kind.SETLEASE,
                        Kind.SETLEASE, Kind.GETLEASE, Kind.GETLEASE),
                Arbitraries.integers().between(-1, 8).map(slot -> slot > 3 ? slot - 4 : slot),
                Arbitraries.of(0, 0, 0, 1, 1, 2), gaps).as(Step::new);
        return Combinators.combine(Arbitraries.integers().between(2, 3), Arbitraries.of(1L, 5L, 45L),
                step.list().ofMinSize(1).ofMaxSize(30)).as((n, lbt, steps) -> new Case(n, lbt,
                        steps.stream().map(s -> new Step(s.process() % n, s.kind(), s.slot(), s.arg(), s.gapNs())).toList()));
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE, seed = SEED)
    @Label("fcntl leases: every result, SIGIO count and remaining lease is the rules model's")
    void leasesFollowTheRules(@ForAll("cases") Case c) {
        WorldConfig defaults = WorldConfig.defaults();
        World world = World.boot(defaults.withKernel(defaults.kernel().withLeaseBreakTimeSec(c.leaseBreakTimeSec())));
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < c.processes(); i++) {
            processes.add(world.process("P" + i, Creds.user(1000)));
        }
        world.start(processes.get(0), () -> world.files().close(processes.get(0),
                (int) world.files().open(processes.get(0), F, OpenFlags.O_RDWR | OpenFlags.O_CREAT).valueOrThrow()));
        assertThat(world.run().completed()).isTrue();
        long[] atNs = new long[c.steps().size()];
        long t = world.sim().nowNs();
        for (int k = 0; k < atNs.length; k++) {
            t += c.steps().get(k).gapNs();
            atNs[k] = t;
        }
        SysResult[] results = new SysResult[atNs.length];
        Map<File, Integer> owners = new IdentityHashMap<>();
        for (int i = 0; i < c.processes(); i++) {
            int process = i;
            Process p = processes.get(i);
            world.start(p, () -> {
                List<Integer> fds = new ArrayList<>();
                for (int k = 0; k < atNs.length; k++) {
                    Step step = c.steps().get(k);
                    if (step.process() != process) {
                        continue;
                    }
                    world.sim().sleepNs(atNs[k] - world.sim().nowNs(), null);
                    results[k] = perform(world, p, step, fds);
                    if (step.kind() == Kind.OPEN && results[k].isOk()) {
                        owners.put(p.files().get((int) results[k].valueOrThrow()), process);
                    }
                }
            });
        }
        RunResult run = world.run();
        String replay = "seed " + SEED + ": mvn -B -q -pl reference-impl test -Dtest=LeaseStateMachineProperties; case " + c;
        assertThat(run.completed()).as("%s%n%s", replay, run.outcome().describe()).isTrue();
        FcntlLeaseRulesModel model = replayModel(c, atNs, results, replay);
        for (int i = 0; i < c.processes(); i++) {
            assertThat(processes.get(i).count(Signal.SIGIO)).as("%s: SIGIO of P%d", replay, i).isEqualTo(model.sigio(i));
        }
        List<String> actual = world.vfs().lookup(F).flctx().leasesSnapshot().stream()
                .map(fl -> describe(owners.get(fl.file()), fl.type(), fl.targetType())).toList();
        List<String> expected = model.leases().stream()
                .map(l -> describe(l.file.process, l.type, l.target())).toList();
        assertThat(actual).as("%s: leases left", replay).isEqualTo(expected);
        Statistics.label("leases left").collect(expected.size());
        Statistics.label("SIGIO sent").collect(processes.stream().anyMatch(p -> p.count(Signal.SIGIO) > 0));
    }

    private static String describe(Integer process, int type, int target) {
        return "P" + process + " " + FileLock.typeName(type) + "->" + FileLock.typeName(target);
    }

    private static SysResult perform(World world, Process p, Step step, List<Integer> fds) {
        int fd = step.slot() < 0 || fds.isEmpty() ? 99 : fds.get(step.slot() % fds.size());
        return switch (step.kind()) {
            case OPEN -> {
                int mode = new int[] {OpenFlags.O_RDONLY, OpenFlags.O_WRONLY, OpenFlags.O_RDWR}[step.arg()];
                SysResult result = world.files().open(p, F, mode | OpenFlags.O_NONBLOCK);
                if (result.isOk()) {
                    fds.add((int) result.valueOrThrow());
                }
                yield result;
            }
            case CLOSE -> {
                SysResult result = world.files().close(p, fd);
                fds.remove(Integer.valueOf(fd));
                yield result;
            }
            case SETLEASE -> world.leases().setLease(p, fd, step.arg());
            case GETLEASE -> world.leases().getLease(p, fd);
        };
    }

    /** Replays the steps in time order through the model and compares each result as it goes. */
    private static FcntlLeaseRulesModel replayModel(Case c, long[] atNs, SysResult[] results, String replay) {
        FcntlLeaseRulesModel model = new FcntlLeaseRulesModel(c.processes(),
                c.leaseBreakTimeSec() * VirtualClock.NS_PER_SEC);
        List<List<FcntlLeaseRulesModel.OpenFile>> files = new ArrayList<>();
        for (int i = 0; i < c.processes(); i++) {
            files.add(new ArrayList<>());
        }
        for (int k = 0; k < atNs.length; k++) {
            Step step = c.steps().get(k);
            List<FcntlLeaseRulesModel.OpenFile> mine = files.get(step.process());
            FcntlLeaseRulesModel.OpenFile file = step.slot() < 0 || mine.isEmpty() ? null
                    : mine.get(step.slot() % mine.size());
            String expected = switch (step.kind()) {
                case OPEN -> {
                    FcntlLeaseRulesModel.OpenFile opened = model.open(step.process(), step.arg() != 1, step.arg() != 0,
                            atNs[k]);
                    if (opened == null) {
                        yield "EAGAIN";
                    }
                    mine.add(opened);
                    yield "fd";
                }
                case CLOSE -> {
                    if (file == null) {
                        yield "EBADF";
                    }
                    model.close(file);
                    mine.remove(file);
                    yield "0";
                }
                case SETLEASE -> file == null ? "EBADF" : brief(model.setLease(file, step.arg(), atNs[k]));
                case GETLEASE -> file == null ? "EBADF" : brief(model.getLease(file, atNs[k]));
            };
            String actual = step.kind() == Kind.OPEN && results[k].isOk() ? "fd" : results[k].brief();
            assertThat(actual).as("%s: step %d %s at t=%dns", replay, k, step, atNs[k]).isEqualTo(expected);
        }
        return model;
    }

    private static String brief(int rc) {
        return rc == FcntlLeaseRulesModel.EAGAIN ? "EAGAIN" : Integer.toString(rc);
    }
}
