package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import org.junit.jupiter.api.Test;

/**
 * Zeroing the rest of a shared EOF block copies it on write, and {@code dax_zero_iter()} (6.x, "fsdax:
 * invalidate pages when CoW") invalidates the page first, as {@code write(2)} does: afterwards a mapping of
 * the file must not load from the block it shared with the clone. Each test: f (100 bytes, version 1)
 * cloned into g, f mapped and loaded, f's EOF zeroed by one call, then g overwritten with version 9
 * (which copies g's block too, leaving the old block to nobody); f's mapping must load f's data.
 */
class XfsEofZeroingCowTest {
    /** One call that zeroes f's EOF block. */
    private interface EofZeroing {
        SysResult call(Fixture fx, Process p, int fd);
    }

    private static long loadAfterZeroing(EofZeroing zeroEof) {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        long[] loaded = {-1};
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 0);
            fx.world.files().write(p0, f, 0, 100, 1).valueOrThrow();
            int g = fx.create(p0, G, 0);
            fx.world.files().ficlone(p0, g, f).valueOrThrow();
            long addr = fx.map(p0, f, 1, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
            zeroEof.call(fx, p0, f).valueOrThrow();
            assertThat(fx.xfs(F).pfnAt(0)).isNotEqualTo(fx.xfs(G).pfnAt(0));
            fx.world.files().write(p0, g, 0, PAGE, 9).valueOrThrow();
            loaded[0] = fx.world.mm().load(p0, addr).valueOrThrow();
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
        return loaded[0];
    }

    @Test
    void aWritePastEofInvalidatesTheSharedEofPage() {
        assertThat(loadAfterZeroing((fx, p, fd) -> fx.world.files().write(p, fd, 2 * PAGE, PAGE, 2))).isEqualTo(1);
    }

    @Test
    void growingByFtruncateInvalidatesTheSharedEofPage() {
        assertThat(loadAfterZeroing((fx, p, fd) -> fx.world.files().ftruncate(p, fd, 2 * PAGE))).isEqualTo(1);
    }

    @Test
    void growingByFallocateInvalidatesTheSharedEofPage() {
        assertThat(loadAfterZeroing((fx, p, fd) -> fx.world.files().fallocate(p, fd, 0, PAGE, PAGE))).isEqualTo(1);
    }

    /** The page unmapped is the EOF block's own: EOF in the second block unmaps the second page, not the first. */
    @Test
    void theUnmappedPageIsTheEofBlocksOwn() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 0);
            fx.world.files().write(p0, f, 0, PAGE + 100, 1).valueOrThrow();
            int g = fx.create(p0, G, 0);
            fx.world.files().ficlone(p0, g, f).valueOrThrow();
            long addr = fx.map(p0, f, 2, Fixture.SHARED);
            fx.world.mm().load(p0, addr).valueOrThrow();
            fx.world.mm().load(p0, addr + PAGE).valueOrThrow();
            fx.world.files().ftruncate(p0, f, 2 * PAGE).valueOrThrow();
            assertThat(p0.mm().pageTable().lookup(addr >>> io.mapdirect.mm.Mm.PAGE_SHIFT)).isNotNull();
            assertThat(p0.mm().pageTable().lookup((addr + PAGE) >>> io.mapdirect.mm.Mm.PAGE_SHIFT)).isNull();
            fx.world.files().write(p0, g, PAGE, PAGE, 9).valueOrThrow();
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(1));
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /**
     * Without DAX a mapping maps the page cache, not the block: zeroing a shared EOF block (a buffered write
     * into the cached page) leaves the page mapped, and the mapping keeps reading the file's data.
     */
    @Test
    void withoutDaxTheCachedPageStaysMapped() {
        Fixture fx = Fixture.boot(io.mapdirect.world.WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 0);
            fx.world.files().write(p0, f, 0, 100, 1).valueOrThrow();
            fx.world.files().fsync(p0, f).valueOrThrow();
            int g = fx.create(p0, G, 0);
            fx.world.files().ficlone(p0, g, f).valueOrThrow();
            long addr = fx.map(p0, f, 1, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
            fx.world.files().ftruncate(p0, f, 2 * PAGE).valueOrThrow();
            assertThat(p0.mm().pageTable().lookup(addr >>> io.mapdirect.mm.Mm.PAGE_SHIFT)).isNotNull();
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }
}
