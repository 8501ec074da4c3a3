package io.mapdirect.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Assumptions;

/**
 * spec §8, leases: the live kernel is the oracle for the model's fcntl leases. Generated sequences of
 * F_SETLEASE, F_GETLEASE, opens with and without O_NONBLOCK, close, ftruncate and truncate across three open
 * file descriptions of one file run on tmpfs and on the root filesystem ({@link LiveLeaseRun}) and through
 * the model's {@code linux-6.x} world ({@link ModelLeaseRun}). After every call both must agree on its
 * answer, on which sleeping breakers returned, and on which descriptions' leases sent a break signal,
 * except for the sequences {@code kernel-differences.md} documents ({@link LeaseDifferences}), each of
 * which must still differ exactly as written. Skipped, with the reason, where the kernel or filesystem
 * cannot be used ({@link LeaseKernelSkip}).
 */
@Tag("live-kernel")
@AddLifecycleHook(LeaseKernelSkip.class)
class LeaseLiveKernelProperties {
    private static final LeaseDifferences DIFFERENCES = LeaseDifferences.load();
    private static final long TIMEOUT_EXAMPLE_BREAK_SEC = 1;

    @AfterContainer
    static void releaseMachine() {
        LeaseEnvironment.release();
        LiveFixtures.deleteAll();
    }

    /** Generated sequences on a file in /dev/shm agree with the model, or are documented differences. */
    @Property(tries = 150, seed = "20171010")
    @OnFilesystem(LiveFilesystem.TMPFS)
    void tmpfsLeasesAgreeWithTheModel(@ForAll("sequences") List<LeaseOp> ops) {
        compare(LiveFilesystem.TMPFS, ops);
    }

    /** Generated sequences on a file of the root filesystem agree with the model, or are documented. */
    @Property(tries = 150, seed = "20171010")
    @OnFilesystem(LiveFilesystem.ROOT)
    void rootFilesystemLeasesAgreeWithTheModel(@ForAll("sequences") List<LeaseOp> ops) {
        compare(LiveFilesystem.ROOT, ops);
    }

    /** Generated sequences on a file of the loop-backed XFS agree with the model's XFS, or are documented. */
    @Property(tries = 150, seed = "20171010")
    @OnFilesystem(LiveFilesystem.XFS)
    void xfsLeasesAgreeWithTheModel(@ForAll("sequences") List<LeaseOp> ops) {
        compare(LiveFilesystem.XFS, ops);
    }

    /** scenario S20, call by call, on the loop-backed XFS: see {@link #s20Facts}. */
    @Example
    @OnFilesystem(LiveFilesystem.XFS)
    void s20FactsHoldOnXfs() {
        s20Facts(LiveFilesystem.XFS);
    }

    /** scenario S20, call by call, on tmpfs: see {@link #s20Facts}. */
    @Example
    @OnFilesystem(LiveFilesystem.TMPFS)
    void s20FactsHoldOnTmpfs() {
        s20Facts(LiveFilesystem.TMPFS);
    }

    /** scenario S20, call by call, on the root filesystem: see {@link #s20Facts}. */
    @Example
    @OnFilesystem(LiveFilesystem.ROOT)
    void s20FactsHoldOnTheRootFilesystem() {
        s20Facts(LiveFilesystem.ROOT);
    }

    /**
     * A read lease on an O_RDONLY fd is granted and reported; an fd with write access gets EAGAIN; F_WRLCK
     * with another fd open gets EAGAIN; another O_RDONLY open proceeds with no signal; O_WRONLY|O_NONBLOCK
     * fails with EWOULDBLOCK (EAGAIN) at once while the signal is sent and the break has begun, so
     * F_GETLEASE answers F_UNLCK; the holder's own truncate breaks its own lease. And what the oracle taught
     * the model: a writer's open sleeping in the break, or a truncate, already counts as a writer (the
     * holder cannot renew), and a downgrade lets a sleeping reader go at once.
     */
    private static void s20Facts(LiveFilesystem filesystem) {
        expect(filesystem, "open d0 RDONLY, setlease d0 RDLCK, getlease d0, open d1 RDONLY, setlease d0 WRLCK,"
                + " open d2 WRONLY NONBLOCK, getlease d0", "OK; OK; F_RDLCK; OK; EAGAIN; EAGAIN sigio d0; F_UNLCK");
        expect(filesystem, "open d0 RDWR, setlease d0 RDLCK, setlease d0 WRLCK", "OK; EAGAIN; OK");
        expect(filesystem, "open d0 RDONLY, setlease d0 RDLCK, truncate 0, getlease d0, setlease d0 UNLCK",
                "OK; OK; sleeps sigio d0; F_UNLCK; OK woke #2=OK");
        expect(filesystem, "open d0 RDONLY, setlease d0 RDLCK, open d1 WRONLY, setlease d0 RDLCK, setlease d0 UNLCK",
                "OK; OK; sleeps sigio d0; EAGAIN; OK woke #2=OK");
        expect(filesystem, "open d0 RDONLY, setlease d0 WRLCK, open d1 RDONLY, getlease d0, setlease d0 RDLCK",
                "OK; OK; sleeps sigio d0; F_RDLCK; OK woke #2=OK");
    }

    /** With lease-break-time 1 s: a writer returns when the read lease times out, which is then gone. */
    @Example
    @OnFilesystem(LiveFilesystem.TMPFS)
    void aWriterReturnsWhenTheBreakTimesOut() {
        withBreakTimeOfOneSecond(() -> expect(LiveFilesystem.TMPFS,
                "open d0 RDONLY, setlease d0 RDLCK, open d1 WRONLY, wait 1500, getlease d0",
                "OK; OK; sleeps sigio d0; OK woke #2=OK; F_UNLCK"));
    }

    /** With lease-break-time 1 s: a reader returns when the write lease's downgrade times out; it is a read lease then. */
    @Example
    @OnFilesystem(LiveFilesystem.TMPFS)
    void aReaderReturnsWhenTheDowngradeTimesOut() {
        withBreakTimeOfOneSecond(() -> expect(LiveFilesystem.TMPFS,
                "open d0 RDONLY, setlease d0 WRLCK, open d1 RDONLY, wait 1500, getlease d0",
                "OK; OK; sleeps sigio d0; OK woke #2=OK; F_RDLCK"));
    }

    /** The lease table stays honest: every documented sequence, run again, differs exactly as written. */
    @Example
    void documentedLeaseDifferencesStillOccur() {
        List<String> unchecked = new ArrayList<>();
        for (LeaseDifferences.Difference row : DIFFERENCES.rows()) {
            LiveFilesystem filesystem = LiveFilesystem.valueOf(row.fs().toUpperCase(Locale.ROOT));
            if (LeaseEnvironment.unavailableReason(filesystem).isPresent()) {
                unchecked.add(row.sequence());
                continue;
            }
            Observed seen = observe(filesystem, row.ops(), LeaseSysctl.breakTimeSec());
            Assume.that(seen.compared());
            assertThat(seen.kernel()).as("kernel on documented %s", row.sequence()).isEqualTo(row.kernelSays());
            assertThat(seen.model()).as("model on documented %s", row.sequence()).isEqualTo(row.modelSays());
        }
        Assumptions.assumeTrue(unchecked.isEmpty(), () -> "no filesystem here to check the documented " + unchecked);
    }

    /**
     * Sequences of 2 to 12 calls; three in four start with a lease holder (an open of one description and
     * F_SETLEASE on it), so that most sequences have a lease to break.
     */
    @Provide
    Arbitrary<List<LeaseOp>> sequences() {
        Arbitrary<Integer> description = Arbitraries.integers().between(0, LeaseOp.DESCRIPTIONS - 1);
        Arbitrary<LeaseOp> open = Combinators.combine(description, Arbitraries.integers().between(0, 2),
                Arbitraries.of(false, true)).as(LeaseOp.Open::new);
        Arbitrary<LeaseOp> setLease = Combinators.combine(description, Arbitraries.integers().between(0, 2))
                .as(LeaseOp.SetLease::new);
        Arbitrary<LeaseOp> getLease = description.map(LeaseOp.GetLease::new);
        Arbitrary<LeaseOp> close = description.map(LeaseOp.Close::new);
        Arbitrary<LeaseOp> ftruncate = Combinators.combine(description, Arbitraries.of(0L, 4096L, 16384L))
                .as(LeaseOp.Ftruncate::new);
        Arbitrary<LeaseOp> truncate = Arbitraries.of(0L, 8192L).map(LeaseOp.Truncate::new);
        Arbitrary<LeaseOp> op = Arbitraries.frequencyOf(Tuple.of(7, open), Tuple.of(6, setLease), Tuple.of(2, getLease),
                Tuple.of(2, close), Tuple.of(1, ftruncate), Tuple.of(2, truncate));
        Arbitrary<List<LeaseOp>> holder = Combinators.combine(description, Arbitraries.of(0, 0, 2),
                Arbitraries.of(0, 1, 1)).as((d, access, type) -> List.of(new LeaseOp.Open(d, access, false),
                        new LeaseOp.SetLease(d, type)));
        Arbitrary<List<LeaseOp>> prefix = Arbitraries.frequencyOf(Tuple.of(3, holder), Tuple.of(1, Arbitraries.just(List.of())));
        return Combinators.combine(prefix, op.list().ofMinSize(2).ofMaxSize(10)).as((first, rest) -> {
            List<LeaseOp> all = new ArrayList<>(first);
            all.addAll(rest);
            return all;
        });
    }

    /** What both sides showed, or that lease-break-time changed under the run (then nothing is compared). */
    record Observed(String kernel, String model, boolean compared) { }

    private static Observed observe(LiveFilesystem filesystem, List<LeaseOp> ops, long breakTimeSec) {
        LiveFilesystem.Fixture fixture = ready(filesystem);
        List<LeaseStep> model = ModelLeaseRun.run(filesystem, breakTimeSec, ops);
        List<LeaseStep> kernel = LiveLeaseRun.run(LeaseEnvironment.newFile(fixture), ops);
        boolean unchanged = LeaseSysctl.breakTimeSec() == breakTimeSec;
        return new Observed(LeaseStep.render(kernel), LeaseStep.render(model), unchanged);
    }

    private static void compare(LiveFilesystem filesystem, List<LeaseOp> ops) {
        long breakTimeSec = LeaseSysctl.breakTimeSec();
        Assume.that(breakTimeSec >= LeaseEnvironment.MIN_BREAK_TIME_SEC);
        Observed seen = observe(filesystem, ops, breakTimeSec);
        Assume.that(seen.compared());
        Statistics.label("a breaker slept").collect(seen.kernel().contains(LeaseStep.SLEEPS));
        Statistics.label("a break was signalled").collect(seen.kernel().contains("sigio"));
        String fs = filesystem.name().toLowerCase(Locale.ROOT);
        if (seen.kernel().equals(seen.model())) {
            return;
        }
        Optional<LeaseDifferences.Difference> documented = DIFFERENCES.find(ops, fs);
        String sequence = LeaseOp.text(ops);
        if (documented.isPresent()) {
            assertThat(seen.kernel() + " / " + seen.model()).as("documented difference %s on %s", sequence, fs)
                    .isEqualTo(documented.get().kernelSays() + " / " + documented.get().modelSays());
            return;
        }
        assertThat(seen.model()).as("model vs kernel (%s, %s) on %s", LiveKernel.release(), fs, sequence)
                .isEqualTo(seen.kernel());
    }

    private static void expect(LiveFilesystem filesystem, String sequence, String expected) {
        long breakTimeSec = LeaseSysctl.breakTimeSec();
        Observed seen = observe(filesystem, LeaseOp.parseAll(sequence), breakTimeSec);
        Assume.that(seen.compared());
        assertThat(seen.kernel()).as("kernel on %s", sequence).isEqualTo(expected);
        assertThat(seen.model()).as("model on %s", sequence).isEqualTo(expected);
    }

    /**
     * Runs {@code body} with lease-break-time 1 s (root only; the machine-wide lock is held), restoring the
     * old value only if the sysctl still holds 1 s (another actor may have changed it meanwhile).
     */
    private static void withBreakTimeOfOneSecond(Runnable body) {
        long old = LeaseSysctl.breakTimeSec();
        Assumptions.assumeTrue(LeaseSysctl.writeBreakTimeSec(TIMEOUT_EXAMPLE_BREAK_SEC),
                "cannot write " + LeaseSysctl.LEASE_BREAK_TIME + " (not root?)");
        try {
            body.run();
        } finally {
            LeaseSysctl.restoreBreakTimeSec(TIMEOUT_EXAMPLE_BREAK_SEC, old);
        }
    }

    private static LiveFilesystem.Fixture ready(LiveFilesystem filesystem) {
        if (LiveFixtures.get(filesystem) instanceof LiveFilesystem.Prepared.Ready ready) {
            return ready.fixture();
        }
        throw new IllegalStateException(filesystem + " is not ready; LeaseKernelSkip should have skipped this test");
    }
}
