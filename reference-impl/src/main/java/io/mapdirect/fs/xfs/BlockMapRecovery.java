package io.mapdirect.fs.xfs;

import java.util.ArrayList;
import java.util.List;

/**
 * A crash and the recovery at the next mount, for the block maps of one filesystem. Mirrors what
 * {@code xlog_recover()} and the on-disk btrees give back, in the model's simplification (see
 * {@link ExtentMap}): every inode's map and size go back to their last commit, then free space and
 * reference counts are rebuilt from those durable maps (a block no durable map references is free;
 * a block's reference count is its number of durable mappings), then the shared flags are re-derived
 * from the reference counts (shared exactly when more than one mapping holds the block).
 */
public final class BlockMapRecovery {
    private BlockMapRecovery() {
    }

    /**
     * Crashes and recovers the filesystem whose allocator is {@code allocator} and whose inodes'
     * maps are {@code maps} (all of them: a map left out is treated as an inode that did not survive,
     * and its durable blocks become free). Each map's sink receives its changes.
     *
     * @return per map, in the order given, the net changes the crash made to its in-memory map
     * @throws IllegalArgumentException when a map belongs to another allocator or is listed twice
     *         (a harness mistake, not a kernel call)
     */
    public static List<BlockMapUpdate> crashAndRecover(BlockAllocator allocator, List<ExtentMap> maps) {
        for (int i = 0; i < maps.size(); i++) {
            ExtentMap map = maps.get(i);
            if (map.allocator() != allocator) {
                throw new IllegalArgumentException(map + " belongs to another filesystem");
            }
            for (int j = 0; j < i; j++) {
                if (maps.get(j) == map) {
                    throw new IllegalArgumentException(map + " is listed twice");
                }
            }
        }
        List<ExtentMap.Transaction> open = new ArrayList<>(maps.size());
        for (ExtentMap map : maps) {
            open.add(map.restoreDurable());
        }
        allocator.rebuildFromDurableMaps(maps);
        List<BlockMapUpdate> updates = new ArrayList<>(maps.size());
        for (int i = 0; i < maps.size(); i++) {
            updates.add(maps.get(i).finishRecovery(open.get(i)));
        }
        return updates;
    }
}
