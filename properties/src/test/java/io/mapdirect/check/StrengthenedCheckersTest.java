package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.FsEvents;
import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.WorldSetup;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.KEvent;
import io.mapdirect.kernel.Repair;
import io.mapdirect.sim.RunOutcome;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One test per strengthened checker that the checker before the strengthening passed: each fires
 * here, and its near twin (one line or one repair apart) does not. They use only the checkers'
 * public faces, so they also run against the earlier classes (docs/suite.md says how this was
 * shown).
 */
class StrengthenedCheckersTest {
    private static final String HEADER = """
            # title: %s
            # variant: V8
            # reverted: %s
            # expect: pass

            """;

    private static Case parse(String title, String reverted, String body) {
        return CheckCases.parse(title, HEADER.formatted(title, reverted) + body);
    }

    // ------------------------------------------------------------------ ERRNO

    static final String REG_ON_UNMAPPED = """
            world lease_break_time=45s pmem=16 dax=on
            device nic iommu=strict
            file /xfs/f owner=1000 blocks=WWWW
            process p0 uid=1000

            p0: r2 = reg_mr(addr=r1, len=16384)
            nic: dma_write(mr=r2, page=0)

            schedule:
            """;

    @Test
    @DisplayName("ERRNO: a registration of an address nothing maps that succeeds, and a DMA that answers an errno, are caught")
    void errnoCatchesSuccessWhereTheStateForbidsIt() {
        Case c = parse("reg_mr of nothing", "none", REG_ON_UNMAPPED);
        CaseResult lying = CheckCases.run(c, CheckCases.LyingRdma::new, new ErrnoTable());
        assertThat(lying.violated(InvariantId.ERRNO)).as("reg_mr over r1, never mapped, returned a key").isTrue();
        assertThat(CheckCases.run(c, new ErrnoTable()).violations()).as("the honest verbs answer EFAULT").isEmpty();
    }

    // ------------------------------------------------------------------ MAPDCOUNT

    static final String MAP_DIRECT_AND_WAIT = """
            world lease_break_time=45s pmem=16 dax=on
            file /xfs/f owner=1000 blocks=WWWW
            process p0 uid=1000

            p0: r0 = open(path=/xfs/f, flags=O_RDWR)
            p0: r1 = mmap(len=16384, prot=RW, flags=SHARED_VALIDATE|DIRECT, fd=r0)
            p0: sleep(for=1s)

            schedule:
            """;

    @Test
    @DisplayName("MAPDCOUNT: the posted order's window (a MAP_DIRECT lease in place, i_mapdcount not yet raised) is seen after the step")
    void mapdcountSeesTheWindowOfThePostedOrder() {
        Case posted = parse("posted order", "MAPDCOUNT_WITH_LEASE", MAP_DIRECT_AND_WAIT);
        assertThat(CheckCases.run(posted, new Mapdcount()).violated(InvariantId.MAPDCOUNT)).isTrue();
        Case repaired = posted.withReverted(Set.of());
        assertThat(CheckCases.run(repaired, new Mapdcount()).violations()).isEmpty();
    }

    // ------------------------------------------------------------------ BREAK_BOUNDED

    /** {@code repairs/breaker-breaks-new-leases-posted.case} with lease-break-time 0. */
    static final String NEW_LEASE_WHILE_BREAKER_SLEEPS = """
            world lease_break_time=0s pmem=16 dax=on
            file /xfs/f owner=1000 blocks=WWWW
            process p0 uid=1000
            process p1 uid=1001

            p0: r0 = open(path=/xfs/f, flags=O_RDWR) => ok
            p0: r1 = mmap(len=16384, prot=RW, flags=SHARED_VALIDATE|DIRECT, fd=r0) => ok
            p0: await_sigio(timeout=10s) => 0 at 1s
            p0: munmap(addr=r1, len=16384) => 0 at 1s
            p0: r2 = mmap(len=16384, prot=RW, flags=SHARED_VALIDATE|DIRECT, fd=r0) => ok
            p0: await_sigio(timeout=100s)
            p0: munmap(addr=r2, len=16384)
            p1: sleep(for=1s)
            p1: truncate(path=/xfs/f, len=0)

            schedule: 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0 0 0 0 1
            """;

    @Test
    @DisplayName("BREAK_BOUNDED with lease-break-time 0: a MAP_DIRECT break promises the invalidation at once, so a 100 s wait is caught")
    void breakBoundedWithLeaseBreakTimeZero() {
        Case posted = parse("new lease, lease-break-time 0", "BREAKER_BREAKS_NEW_LEASES", NEW_LEASE_WHILE_BREAKER_SLEEPS);
        CaseResult result = CheckCases.run(posted, new BreakBounded());
        assertThat(result.outcome()).isInstanceOf(RunOutcome.Completed.class);
        assertThat(result.violated(InvariantId.BREAK_BOUNDED)).isTrue();
        assertThat(CheckCases.run(posted.withReverted(Set.of()), new BreakBounded()).violations()).isEmpty();
    }

    static final String FCNTL_HOLDER = """
            world lease_break_time=0s pmem=16 dax=on
            file /xfs/f owner=1000 blocks=WWWW
            process p0 uid=1000
            process p1 uid=1000

            p0: r0 = open(path=/xfs/f, flags=O_RDONLY)
            p0: setlease(fd=r0, type=F_RDLCK) => 0
            p0: sleep(for=1s)
            p0: sleep(for=%s)
            p0: setlease(fd=r0, type=F_UNLCK)
            p1: sleep(for=1s)
            p1: r1 = open(path=/xfs/f, flags=O_RDWR)

            schedule:
            """;

    @Test
    @DisplayName("BREAK_BOUNDED judges fcntl blockers: with lease-break-time 0 a breaker still blocked when the run gives up is caught")
    void breakBoundedJudgesFcntlLeasesWithoutDeadline() {
        Case forever = parse("fcntl holder past the budget", "none", FCNTL_HOLDER.formatted("3600s"));
        CaseResult result = CheckCases.run(forever, new BreakBounded());
        assertThat(result.outcome()).isInstanceOf(RunOutcome.Runaway.class);
        assertThat(result.violated(InvariantId.BREAK_BOUNDED)).isTrue();
        Case unlocks = parse("fcntl holder unlocks", "none", FCNTL_HOLDER.formatted("10s"));
        assertThat(CheckCases.run(unlocks, new BreakBounded()).violations()).isEmpty();
    }

    // ------------------------------------------------------------------ SIGIO_ON_BREAK

    private static final String MDS = "map_direct_state#3";
    private static final String LEASE = "file_lock#4";

    /**
     * A break whose holder never got SIGIO, told as events: no model path of today loses the SIGIO
     * without an invalidation following, so the checker is fed the events such a path would log.
     */
    private static List<KEvent> breakWithout(KEvent... rest) {
        List<KEvent> events = new java.util.ArrayList<>(List.of(
                new MapDirectEvents.Registering(MDS, 1, 100, 3),
                new LeaseEvents.LeaseAdded(1, LEASE, "F_RDLCK", true, MDS),
                new LeaseEvents.LeaseBreakStarted(1, LEASE, true, MDS, "unlock", 0),
                new MapDirectEvents.BreakNoticed(MDS, 1, 0)));
        events.addAll(List.of(rest));
        return events;
    }

    private static CheckContext feed(SigioOnBreak checker, List<KEvent> events, RunOutcome outcome) {
        Case c = parse("events", "none", MAP_DIRECT_AND_WAIT);
        CheckContext ctx = new CheckContext(WorldSetup.boot(c));
        for (int i = 0; i < events.size(); i++) {
            checker.onEvent(ctx, new EventLog.Entry(i, i, 0, "p0", events.get(i)));
        }
        checker.onOutcome(ctx, outcome);
        return ctx;
    }

    @Test
    @DisplayName("SIGIO_ON_BREAK: a break whose lease goes away, or that is still open at the end, without a SIGIO is caught")
    void sigioMissingWithoutInvalidation() {
        KEvent removed = new LeaseEvents.LeaseRemoved(1, LEASE, true, MDS, "unlock");
        KEvent sigio = new FsEvents.SigioSent(1, 100, 3, LEASE);
        RunOutcome completed = new RunOutcome.Completed();
        assertThat(feed(new SigioOnBreak(), breakWithout(removed), completed).violated(InvariantId.SIGIO_ON_BREAK))
                .as("lease removed, no SIGIO").isTrue();
        assertThat(feed(new SigioOnBreak(), breakWithout(), completed).violated(InvariantId.SIGIO_ON_BREAK))
                .as("run ended, no SIGIO").isTrue();
        assertThat(feed(new SigioOnBreak(), breakWithout(sigio, removed), completed).violations())
                .as("one SIGIO to the holder's fd, then the lease goes").isEmpty();
    }
}
