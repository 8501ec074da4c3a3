package io.mapdirect.check;

import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.fs.xfs.XfsEvents;
import io.mapdirect.kernel.EventLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BLOCKMAP_FROZEN: while a MAP_DIRECT mapping of an inode is live and not invalidated (what its user
 * relies on), the inode's block map does not change [00] [04] [06]. A mapping is live from its
 * publication in the VMA (after registration and the flush of in-flight faults) until it is
 * invalidated or its last VMA closes; a pending break does not end it.
 */
public final class BlockmapFrozen implements Invariant {
    private final Map<Long, List<String>> liveByIno = new LinkedHashMap<>();
    private final java.util.Set<String> ended = new java.util.LinkedHashSet<>();

    @Override
    public InvariantId id() {
        return InvariantId.BLOCKMAP_FROZEN;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case XfsEvents.MapDirectPublished published when !ended.contains(published.mds()) ->
                    liveByIno.computeIfAbsent(published.ino(), k -> new ArrayList<>()).add(published.mds());
            case MapDirectEvents.Invalidated invalidated -> remove(invalidated.ino(), invalidated.mds());
            case MapDirectEvents.LastVmaClosed closed -> remove(closed.ino(), closed.mds());
            case XfsEvents.BlockMapChanged changed -> {
                List<String> live = liveByIno.get(changed.ino());
                if (live != null && !live.isEmpty()) {
                    ctx.report(id(), "block map of ino " + changed.ino() + " changed under a live MAP_DIRECT mapping: "
                            + changed.change().describe(), "ino " + changed.ino(), live.get(0));
                }
            }
            default -> { }
        }
    }

    private void remove(long ino, String mds) {
        ended.add(mds);
        List<String> live = liveByIno.get(ino);
        if (live != null) {
            live.remove(mds);
        }
    }
}
