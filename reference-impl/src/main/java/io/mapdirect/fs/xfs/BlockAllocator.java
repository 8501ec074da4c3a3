package io.mapdirect.fs.xfs;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KernelConfig;
import io.mapdirect.kernel.Oops;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Free space and reference counts of the pmem blocks {@code [0, blockCount)}: XFS's free-space
 * btrees and refcount btree in one plain structure, without locks and without the simulation.
 *
 * <p><b>Free space</b> is a LIFO list: the most recently freed block is handed out first, so that
 * a use of a freed block (a DMA still targeting it, scenario S11) lands in somebody else's data
 * and becomes visible. At first, and after a rebuild, the lowest free block comes first.
 *
 * <p><b>Reference counts</b>: an allocated block has one reference per mapping of it; a reflink
 * adds one ({@link #share}), {@link #free} drops one, and the block returns to the free list only
 * when its last reference is gone.
 *
 * <p><b>Busy blocks</b> (XFS's {@code xfs_extent_busy}): a block whose last reference was dropped by
 * an inode that has not committed since may still be referenced by that inode's durable map. XFS
 * does not reuse such a block before the freeing transaction is on disk; when it must, it forces the
 * log ({@code xfs_extent_busy_flush}). The model keeps most-recently-freed-first and does the same:
 * {@link #allocate} first commits every {@link ExtentMap} whose durable snapshot still references the
 * block it is about to hand out ({@link #forcedCommits} counts them). Without this, a crash could
 * leave one block in two files' durable maps.
 */
public final class BlockAllocator {
    private final int blockCount;
    private final int[] refcounts;
    /** Free blocks; {@code freeStack[freeTop - 1]} is handed out next. */
    private final int[] freeStack;
    private int freeTop;
    /** Per block, the maps whose durable snapshot references it (once per reference). */
    private final List<List<ExtentMap>> durableHolders;
    /** Every map allocating here, in creation order. */
    private final List<ExtentMap> maps = new ArrayList<>();
    private BooleanSupplier failNext = () -> false;
    private long forcedCommits;

    /** An allocator over {@code blockCount} free blocks, low blocks handed out first. */
    public BlockAllocator(int blockCount) {
        if (blockCount < 1) {
            throw new IllegalArgumentException("need at least one pmem block, got " + blockCount);
        }
        this.blockCount = blockCount;
        this.refcounts = new int[blockCount];
        this.freeStack = new int[blockCount];
        this.durableHolders = new ArrayList<>(blockCount);
        for (int block = 0; block < blockCount; block++) {
            durableHolders.add(new ArrayList<>());
        }
        resetFreeListFromRefcounts();
    }

    /** An allocator over the kernel's pmem ({@link KernelConfig#pmemBlocks()}). */
    public static BlockAllocator forConfig(KernelConfig config) {
        return new BlockAllocator(config.pmemBlocks());
    }

    /**
     * Sets the allocation-failure hook: {@link #allocate} asks it once per call, before anything
     * else, and fails with ENOSPC when it answers true. The caller ties it to its fault plan, e.g.
     * {@code () -> kernel.faultPlan().shouldFail(kernel.faultScope(), "alloc", "xfs_bmapi_write")}.
     */
    public void setFailureInjection(BooleanSupplier hook) {
        this.failNext = hook == null ? () -> false : hook;
    }

    public int blockCount() {
        return blockCount;
    }

    /**
     * Allocates one block with one reference. Mirrors the data-block allocation of
     * {@code xfs_bmapi_write()} / {@code xfs_alloc_vextent()}: the most recently freed block first.
     * A busy block is made reusable first by committing its durable holders (see the class comment).
     *
     * @return the block number ({@code >= 0}), or {@code -ENOSPC} when no block is free or the
     *         failure hook fails this allocation (the model's choice for both: the write path of
     *         XFS reports either as ENOSPC to the caller of {@code iomap_begin})
     */
    public int allocate() {
        if (failNext.getAsBoolean()) {
            return Errno.ENOSPC.negative();
        }
        if (freeTop == 0) {
            return Errno.ENOSPC.negative();
        }
        int block = freeStack[freeTop - 1];
        forceDurableFree(block);
        freeTop--;
        refcounts[block] = 1;
        return block;
    }

    /**
     * Drops one reference to {@code block}; the last one returns it to the head of the free list.
     * Mirrors {@code xfs_refcount_decrease_extent()} falling through to {@code xfs_free_extent()}.
     * Freeing a free block is a corrupted filesystem, an oops for the model.
     *
     * @return the references left (0: the block is free now)
     */
    public int free(int block) {
        checkBlock(block, "xfs_free_extent");
        if (refcounts[block] == 0) {
            throw new Oops(Oops.Kind.BAD_FREE, "xfs_free_extent", "pmem block " + block + " (already free)");
        }
        refcounts[block]--;
        if (refcounts[block] == 0) {
            freeStack[freeTop++] = block;
        }
        return refcounts[block];
    }

    /**
     * Adds one reference to an allocated block (reflink). Mirrors {@code xfs_refcount_increase_extent()}.
     * Sharing a free block is an oops.
     *
     * @return the references now held
     */
    public int share(int block) {
        checkBlock(block, "xfs_refcount_increase_extent");
        if (refcounts[block] == 0) {
            throw new Oops(Oops.Kind.BUG, "xfs_refcount_increase_extent", "pmem block " + block + " is free");
        }
        return ++refcounts[block];
    }

    public boolean isFree(int block) {
        checkBlock(block, "isFree");
        return refcounts[block] == 0;
    }

    /** References to {@code block} (0 for a free block). */
    public int refcount(int block) {
        checkBlock(block, "refcount");
        return refcounts[block];
    }

    public int freeCount() {
        return freeTop;
    }

    /** The free blocks in the order {@link #allocate} would hand them out. */
    public List<Integer> freeBlocksInAllocationOrder() {
        List<Integer> result = new ArrayList<>(freeTop);
        for (int i = freeTop - 1; i >= 0; i--) {
            result.add(freeStack[i]);
        }
        return result;
    }

    /** How many maps {@link #allocate} has committed to reuse a busy block. */
    public long forcedCommits() {
        return forcedCommits;
    }

    /** How many references the durable maps hold on {@code block} (0: its freeing, if any, is durable). */
    public int durableReferences(int block) {
        checkBlock(block, "durableReferences");
        return durableHolders.get(block).size();
    }

    /**
     * The allocator's own accounting: every block is either on the free list exactly once with no
     * reference, or off it with at least one. Empty when consistent.
     */
    public List<String> accountingErrors() {
        List<String> errors = new ArrayList<>();
        int[] onFreeList = new int[blockCount];
        for (int i = 0; i < freeTop; i++) {
            onFreeList[freeStack[i]]++;
        }
        int referenced = 0;
        for (int block = 0; block < blockCount; block++) {
            if (refcounts[block] < 0) {
                errors.add("pmem block " + block + " has refcount " + refcounts[block]);
            }
            if (refcounts[block] > 0) {
                referenced++;
            }
            if (onFreeList[block] > 1) {
                errors.add("pmem block " + block + " is on the free list " + onFreeList[block] + " times");
            }
            if (onFreeList[block] > 0 && refcounts[block] != 0) {
                errors.add("pmem block " + block + " is free and referenced " + refcounts[block] + " times");
            }
            if (onFreeList[block] == 0 && refcounts[block] == 0) {
                errors.add("pmem block " + block + " is neither free nor referenced (leaked)");
            }
        }
        if (freeTop + referenced != blockCount) {
            errors.add("free " + freeTop + " + referenced " + referenced + " != " + blockCount + " blocks");
        }
        return errors;
    }

    /**
     * {@link #accountingErrors()} plus the cross-check against the maps of every inode of the
     * filesystem (the NO_LEAK "all blocks accounted for" check): each block's reference count equals
     * its number of mappings across {@code maps}, and a block with more than one reference is
     * flagged shared in every mapping of it. Empty when consistent.
     */
    public List<String> accountingErrors(Collection<ExtentMap> maps) {
        List<String> errors = accountingErrors();
        int[] references = new int[blockCount];
        for (ExtentMap map : maps) {
            for (MappedBlock entry : map.mappings()) {
                int block = entry.mapping().pmemBlock();
                if (block >= blockCount) {
                    errors.add(map + " fb " + entry.fileBlock() + " maps pmem block " + block + " beyond the device");
                    continue;
                }
                references[block]++;
            }
        }
        for (int block = 0; block < blockCount; block++) {
            if (references[block] != refcounts[block]) {
                errors.add("pmem block " + block + " has refcount " + refcounts[block] + " but " + references[block]
                        + " mappings");
            }
        }
        for (ExtentMap map : maps) {
            for (MappedBlock entry : map.mappings()) {
                BlockMapping mapping = entry.mapping();
                if (mapping.pmemBlock() < blockCount && refcounts[mapping.pmemBlock()] > 1 && !mapping.shared()) {
                    errors.add(map + " fb " + entry.fileBlock() + " maps pmem block " + mapping.pmemBlock()
                            + " with " + refcounts[mapping.pmemBlock()] + " references but not as shared");
                }
            }
        }
        return errors;
    }

    /**
     * Rebuilds free space and reference counts from the durable maps of every inode, as log
     * recovery and the on-disk btrees give them back after a crash: a block referenced by no
     * durable map is free, a referenced block has one reference per durable mapping. The free list
     * is rebuilt lowest block first. Called by {@link BlockMapRecovery#crashAndRecover}.
     */
    void rebuildFromDurableMaps(Collection<ExtentMap> maps) {
        Arrays.fill(refcounts, 0);
        for (List<ExtentMap> holders : durableHolders) {
            holders.clear();
        }
        for (ExtentMap map : maps) {
            for (BlockMapping mapping : map.durableMappingValues()) {
                refcounts[mapping.pmemBlock()]++;
                durableHolders.get(mapping.pmemBlock()).add(map);
            }
        }
        resetFreeListFromRefcounts();
    }

    /** Called by the {@link ExtentMap} constructor: the map allocates here and takes part in log forces. */
    void register(ExtentMap map) {
        maps.add(map);
    }

    /**
     * {@link ExtentMap#commit()}: forces the log for {@code map}, as {@code xfs_log_force_inode()}
     * forces XFS's single log up to the inode's last transaction. Every earlier transaction becomes
     * durable with it; the model has no log sequence numbers and takes those to be the uncommitted
     * changes of other maps to the same pmem blocks (a reflink's other inode, a copy-on-write's or a
     * free's refcount update), transitively. Without this a crash could bring one block back in two
     * files, neither marked shared.
     */
    void forceLog(ExtentMap map) {
        ArrayDeque<ExtentMap> pending = new ArrayDeque<>(List.of(map));
        Set<ExtentMap> committed = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            ExtentMap next = pending.poll();
            if (!committed.add(next)) {
                continue;
            }
            Set<Integer> touched = next.uncommittedPmemBlocks();
            next.commitThisMap();
            for (ExtentMap other : maps) {
                if (!committed.contains(other) && !Collections.disjoint(touched, other.uncommittedPmemBlocks())) {
                    pending.add(other);
                }
            }
        }
    }

    /** Called by {@link ExtentMap#commit()}: the map's durable references moved from one set to another. */
    void durableReferencesChanged(ExtentMap map, Collection<BlockMapping> before, Collection<BlockMapping> after) {
        for (BlockMapping mapping : before) {
            durableHolders.get(mapping.pmemBlock()).remove(map);
        }
        for (BlockMapping mapping : after) {
            durableHolders.get(mapping.pmemBlock()).add(map);
        }
    }

    private void forceDurableFree(int block) {
        List<ExtentMap> holders = durableHolders.get(block);
        while (!holders.isEmpty()) {
            ExtentMap holder = holders.get(0);
            forcedCommits++;
            holder.commit();
            Oops.bugOn(holders.contains(holder), "xfs_extent_busy_flush",
                    holder + " still durably references free pmem block " + block + " after commit");
        }
    }

    private void resetFreeListFromRefcounts() {
        freeTop = 0;
        for (int block = blockCount - 1; block >= 0; block--) {
            if (refcounts[block] == 0) {
                freeStack[freeTop++] = block;
            }
        }
    }

    private void checkBlock(int block, String where) {
        if (block < 0 || block >= blockCount) {
            throw new Oops(Oops.Kind.BUG, where, "pmem block " + block + " outside [0, " + blockCount + ")");
        }
    }
}
