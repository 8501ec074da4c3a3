package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.FaultPlan;
import io.mapdirect.syscalls.FileCalls;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * v7's {@code i_mapdcount} check in {@code xfs_file_iomap_begin()} [03] as a DAX write(2) meets it
 * (known bug ALLOC_FAULT_NO_BREAK): a write that allocates into a hole or converts an unwritten block
 * while a MAP_DIRECT mapping exists fails with ETXTBSY; an overwrite in place passes; a copy on write
 * is refused too unless REFLINK_MISSED [25] puts the check out of its path; a non-DAX (buffered,
 * delalloc) write never reaches it; without the bug there is no check.
 *
 * <p>How the write gets past its layout break with the MAP_DIRECT lease still in place: the seed's
 * {@code xfs_break_layouts()} (BREAK_LAYOUTS_PRECEDENCE [05]) swallows every error of the
 * non-blocking break but EWOULDBLOCK, and here {@code break_lease()} fails to allocate its breaker
 * lock (ENOMEM, injected in the fault scope of the one write under test).
 */
class XfsMapdcountCheckTest {
    private static final String SCOPE = "write under test";

    private static FileCalls files(Fixture fx) {
        return fx.world.files();
    }

    private static WorldConfig world(boolean dax, KnownBug... bugs) {
        WorldConfig defaults = WorldConfig.defaults().withXfsDax(dax);
        return defaults.withKernel(defaults.kernel().withBugs(Set.of(bugs)))
                .withFaultRules(List.of(new FaultPlan.Rule(SCOPE, "alloc", 1)));
    }

    private static WorldConfig posted(KnownBug... more) {
        KnownBug[] bugs = new KnownBug[more.length + 2];
        bugs[0] = KnownBug.ALLOC_FAULT_NO_BREAK;
        bugs[1] = KnownBug.BREAK_LAYOUTS_PRECEDENCE;
        System.arraycopy(more, 0, bugs, 2, more.length);
        return world(true, bugs);
    }

    /** Maps f MAP_DIRECT and writes once with the layout break swallowed; the write's result. */
    private static SysResult writeWhileMapped(Fixture fx, Process p, int fd, int pages, long offset, long length) {
        fx.map(p, fd, pages, Fixture.DIRECT);
        assertThat(fx.xfs(F).mapdcount()).isEqualTo(1);
        p.setFaultScope(SCOPE);
        try {
            return files(fx).write(p, fd, offset, length, 2);
        } finally {
            p.setFaultScope(p.name());
        }
    }

    @Test
    void anAllocatingWriteIsRefusedWithEtxtbsy() {
        Fixture fx = Fixture.boot(posted());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1); // allocates with i_mapdcount 0: no refusal
            assertThat(writeWhileMapped(fx, p0, f, 1, PAGE, PAGE)).isEqualTo(SysResult.err(Errno.ETXTBSY));
            assertThat(fx.xfs(F).map().lookup(1)).isNull();
            assertThat(fx.inode(F).sizeBytes()).isEqualTo(PAGE);
        });
    }

    /** Only the written range is checked: an overwrite of block 0 passes though block 1 (past EOF) is a hole. */
    @Test
    void anOverwriteInPlacePasses() {
        Fixture fx = Fixture.boot(posted());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            assertThat(writeWhileMapped(fx, p0, f, 1, 0, PAGE)).isEqualTo(SysResult.value(PAGE));
            assertThat(files(fx).read(p0, f, 0)).isEqualTo(SysResult.value(2));
        });
    }

    @Test
    void convertingAnUnwrittenBlockIsRefused() {
        Fixture fx = Fixture.boot(posted());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            assertThat(files(fx).fallocate(p0, f, 0, PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(writeWhileMapped(fx, p0, f, 2, PAGE, PAGE)).isEqualTo(SysResult.err(Errno.ETXTBSY));
            assertThat(fx.xfs(F).map().lookup(1).isUnwritten()).isTrue();
        });
    }

    @Test
    void copyingASharedBlockIsRefused() {
        Fixture fx = Fixture.boot(posted());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            files(fx).ficlone(p0, fx.create(p0, G, 0), f).valueOrThrow();
            assertThat(writeWhileMapped(fx, p0, f, 1, 0, PAGE)).isEqualTo(SysResult.err(Errno.ETXTBSY));
            assertThat(fx.xfs(F).pfnAt(0)).isEqualTo(fx.xfs(G).pfnAt(0));
        });
    }

    /** [25]: the copy-on-write path of a reflinked file does not pass the i_mapdcount check. */
    @Test
    void withReflinkMissedTheCopyOnWriteSlipsPast() {
        Fixture fx = Fixture.boot(posted(KnownBug.REFLINK_MISSED));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            int g = fx.create(p0, G, 0);
            files(fx).ficlone(p0, g, f).valueOrThrow();
            assertThat(writeWhileMapped(fx, p0, f, 1, 0, PAGE)).isEqualTo(SysResult.value(PAGE));
            assertThat(fx.xfs(F).pfnAt(0)).isNotEqualTo(fx.xfs(G).pfnAt(0));
            assertThat(files(fx).read(p0, g, 0)).isEqualTo(SysResult.value(1));
        });
    }

    /** Without ALLOC_FAULT_NO_BREAK (the check removed, [29]) the allocating write goes through. */
    @Test
    void withoutTheBugNothingIsChecked() {
        Fixture fx = Fixture.boot(world(true, KnownBug.BREAK_LAYOUTS_PRECEDENCE));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            assertThat(writeWhileMapped(fx, p0, f, 1, PAGE, PAGE)).isEqualTo(SysResult.value(PAGE));
            assertThat(fx.xfs(F).map().lookup(1).isWritten()).isTrue();
        });
    }

    /**
     * A buffered write of a non-DAX inode takes xfs_file_iomap_begin()'s delalloc branch
     * ({@code !IS_DAX(inode)}: xfs_file_iomap_begin_delay()) before the allocation the check guards.
     */
    @Test
    void aNonDaxWriteIsNotChecked() {
        Fixture fx = Fixture.boot(world(false, KnownBug.ALLOC_FAULT_NO_BREAK, KnownBug.BREAK_LAYOUTS_PRECEDENCE));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            assertThat(writeWhileMapped(fx, p0, f, 1, PAGE, PAGE)).isEqualTo(SysResult.value(PAGE));
            assertThat(files(fx).read(p0, f, PAGE)).isEqualTo(SysResult.value(2));
        });
    }

    /** A refused copy on write changes nothing, not even another mapping's page: the check comes before any invalidation. */
    @Test
    void aRefusedCopyKeepsTheOtherMappingsPage() {
        Fixture fx = Fixture.boot(posted());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            files(fx).ficlone(p0, fx.create(p0, G, 0), f).valueOrThrow();
            long shared = fx.map(p0, f, 1, Fixture.SHARED);
            fx.world.mm().load(p0, shared).valueOrThrow();
            assertThat(writeWhileMapped(fx, p0, f, 1, 0, PAGE)).isEqualTo(SysResult.err(Errno.ETXTBSY));
            assertThat(p0.mm().pageTable().lookup(shared >>> io.mapdirect.mm.Mm.PAGE_SHIFT)).isNotNull();
        });
    }

    /**
     * xfs_file_aio_write_checks() zeroes the EOF block only for a write that starts beyond EOF
     * ({@code iocb->ki_pos > i_size_read(inode)}): a write starting exactly at an unaligned EOF in a shared
     * block meets the check as a copy on write and is refused.
     */
    @Test
    void aWriteAtAnUnalignedEofOfASharedBlockIsRefused() {
        Fixture fx = Fixture.boot(posted());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            files(fx).ftruncate(p0, f, 100).valueOrThrow();
            files(fx).ficlone(p0, fx.create(p0, G, 0), f).valueOrThrow();
            assertThat(writeWhileMapped(fx, p0, f, 1, 100, 100)).isEqualTo(SysResult.err(Errno.ETXTBSY));
            assertThat(fx.xfs(F).pfnAt(0)).isEqualTo(fx.xfs(G).pfnAt(0));
        });
    }
}
