package io.mapdirect.mm;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Creds;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** MMU notifiers [34] [38]: told of every PTE invalidation, before the PTEs change. */
class MmuNotifierTest {
    static final long PAGE = Mm.PAGE_SIZE;
    static final int RW = MmapFlags.PROT_READ | MmapFlags.PROT_WRITE;

    /** One notification and whether the range's first PTE was still present when it came. */
    record Heard(long start, long end, MmuNotifier.Event event, boolean ptePresent) { }

    @Test
    @DisplayName("truncate (unmap_mapping_range), mprotect, a copy-on-write, munmap and exit notify with the PTE still present; unregister stops it")
    void everyInvalidationIsNotifiedBeforeThePtesGo() {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        List<Heard> heard = new ArrayList<>();
        long[] addrs = new long[3];
        MmuNotifier listener = (mm, start, end, event) ->
                heard.add(new Heard(start, end, event, mm.pageTable().lookup(Mm.pageOf(start)) != null));
        world.start(p0, () -> {
            int fd = (int) world.files().open(p0, "/xfs/f", OpenFlags.O_RDWR | OpenFlags.O_CREAT).valueOrThrow();
            world.files().write(p0, fd, 0, 4 * PAGE, 1);
            p0.mm().registerNotifier(listener);
            long shared = world.mm().mmap(p0, 0, 4 * PAGE, RW, MmapFlags.MAP_SHARED, fd, 0).valueOrThrow();
            long priv = world.mm().mmap(p0, 0, PAGE, RW, MmapFlags.MAP_PRIVATE, fd, 0).valueOrThrow();
            addrs[0] = shared;
            addrs[1] = priv;
            for (int i = 0; i < 4; i++) {
                world.mm().load(p0, shared + i * PAGE);
            }
            world.files().truncate(p0, "/xfs/f", 3 * PAGE);
            world.mm().mprotect(p0, shared, PAGE, MmapFlags.PROT_READ);
            world.mm().load(p0, priv);
            world.mm().store(p0, priv, 9);
            world.mm().munmap(p0, shared + PAGE, PAGE);
            long anon = world.mm().mmap(p0, 0, PAGE, RW, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, -1, 0)
                    .valueOrThrow();
            addrs[2] = anon;
            world.mm().store(p0, anon, 1);
            world.proc().exit(p0);
            p0.mm().unregisterNotifier(listener);
            p0.mm().registerNotifier(listener);
            p0.mm().unregisterNotifier(listener);
        });
        assertThat(world.run().completed()).isTrue();
        long shared = addrs[0];
        assertThat(heard).startsWith(
                new Heard(shared + 3 * PAGE, shared + 4 * PAGE, MmuNotifier.Event.CLEAR, true),
                new Heard(shared, shared + PAGE, MmuNotifier.Event.PROTECTION_VMA, true),
                new Heard(addrs[1], addrs[1] + PAGE, MmuNotifier.Event.CLEAR, true),
                new Heard(shared + PAGE, shared + 2 * PAGE, MmuNotifier.Event.UNMAP, true));
        assertThat(heard).extracting(Heard::event).endsWith(MmuNotifier.Event.UNMAP, MmuNotifier.Event.UNMAP,
                MmuNotifier.Event.UNMAP, MmuNotifier.Event.UNMAP, MmuNotifier.Event.UNMAP);
        assertThat(heard).contains(new Heard(addrs[2], addrs[2] + PAGE, MmuNotifier.Event.UNMAP, true));
    }
}
