package io.mapdirect.fs.xfs;

import io.mapdirect.kernel.Errno;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One inode's block map (XFS's data fork): file block to {@link BlockMapping}, one entry per 4 KiB
 * block, holes absent. Plain data: no locks, no simulation; the XFS model takes its locks, breaks
 * leases and checks {@code i_mapdcount} before it calls the mutators here.
 *
 * <p><b>Changes.</b> Every mutator returns what it changed, the net difference per file block in
 * file-block order ({@link BlockMapUpdate}, {@link ReflinkUpdate}), and passes the same changes to
 * the change sink, if one is set, once the operation has ended (map and allocator consistent again,
 * so the sink may emit kernel events, which are yield points). A block freed and handed back to the
 * same file block within one operation is no change. Operations that fail part way (ENOSPC) keep
 * and report what they did before the failure.
 *
 * <p><b>Durability</b> (spec §2.3). Block-map metadata is durable only after fsync/msync: the map
 * keeps a durable snapshot that {@link #commit()} replaces with the current map. XFS's journal makes
 * each metadata transaction atomic and a crash keeps a prefix of them; the model simplifies to: a
 * crash restores each inode's map to its last commit ({@link BlockMapRecovery#crashAndRecover}), and
 * the allocator is rebuilt from the durable maps. Three rules keep that consistent across inodes:
 * XFS has one log, and forcing it for one inode also makes every earlier transaction durable, among
 * them the other half of a reflink or the refcount update of a copy-on-write; the model has no log
 * sequence numbers, so {@link #commit()} also commits every map with an uncommitted change to a pmem
 * block that the committing map changed (transitively; {@link BlockAllocator#forceLog}). Then a
 * freed block that is still in some durable map is not reused before those maps commit (the
 * allocator forces the commit, as XFS forces the log for a busy extent), and recovery re-derives
 * the shared flags from the rebuilt reference counts (XFS's sharing lives in the refcount btree).
 *
 * <p><b>Size.</b> The map also keeps the inode size ({@link #sizeBytes()}), only so that the size is
 * committed and recovered together with the blocks (XFS logs {@code di_size} in the same inode).
 * No block operation changes it: the caller decides every size change (write past EOF, truncate,
 * collapse, fallocate without KEEP_SIZE) and calls {@link #setSizeBytes}.
 *
 * <p>File blocks are {@code >= 0}. Mutators answer {@code -EINVAL} for a negative block or count or a
 * range whose end overflows; queries treat such a range as empty and a negative block as a hole.
 */
public final class ExtentMap {
    /** The page and block size, 4 KiB. */
    public static final long BLOCK_SIZE_BYTES = 4096;

    private final BlockAllocator allocator;
    private final String label;
    private final TreeMap<Long, BlockMapping> blocks = new TreeMap<>();
    private TreeMap<Long, BlockMapping> durable = new TreeMap<>();
    private long sizeBytes;
    private long durableSizeBytes;
    private Consumer<BlockMapChange> changeSink = change -> { };

    public ExtentMap(BlockAllocator allocator) {
        this(allocator, "extent map");
    }

    /** A new, empty (and durably empty) map allocating from {@code allocator}; {@code label} names it in messages. */
    public ExtentMap(BlockAllocator allocator, String label) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.label = Objects.requireNonNull(label, "label");
        allocator.register(this);
    }

    /** Sets where every operation's changes go (e.g. a lambda emitting them as kernel events); null for none. */
    public void setChangeSink(Consumer<BlockMapChange> sink) {
        this.changeSink = sink == null ? change -> { } : sink;
    }

    public BlockAllocator allocator() {
        return allocator;
    }

    /** Blocks needed to hold {@code bytes} bytes: {@code ceil(bytes / 4096)}. */
    public static long blocksForBytes(long bytes) {
        return bytes <= 0 ? 0 : (bytes - 1) / BLOCK_SIZE_BYTES + 1;
    }

    // ---------------------------------------------------------------- queries

    /** The mapping of {@code fileBlock}, null for a hole. Mirrors {@code xfs_bmapi_read()}. */
    public BlockMapping lookup(long fileBlock) {
        return blocks.get(fileBlock);
    }

    /** Every mapped block in file-block order (a snapshot). */
    public List<MappedBlock> mappings() {
        return toList(blocks);
    }

    /** How many file blocks are mapped (holes excluded). */
    public int mappedBlockCount() {
        return blocks.size();
    }

    /** One past the last mapped file block; 0 for a map without blocks. */
    public long endBlock() {
        return blocks.isEmpty() ? 0 : blocks.lastKey() + 1;
    }

    /**
     * What a write to {@code fileBlock} would do to the block map. The question behind
     * {@code imap_needs_alloc()} in {@code xfs_file_iomap_begin()} [03] [25], extended to conversion
     * and copy-on-write as the MAP_DIRECT fault rules need ([06]).
     */
    public WriteNeed writeNeed(long fileBlock) {
        BlockMapping mapping = blocks.get(fileBlock);
        if (mapping == null) {
            return WriteNeed.ALLOCATE;
        }
        if (mapping.shared()) {
            return WriteNeed.COPY_ON_WRITE;
        }
        return mapping.isUnwritten() ? WriteNeed.CONVERT : WriteNeed.NONE;
    }

    /** Whether a write of {@code [firstBlock, firstBlock + blockCount)} copies a shared block on write. */
    public boolean writeCopiesOnWrite(long firstBlock, long blockCount) {
        if (firstBlock < 0 || blockCount <= 0) {
            return false;
        }
        return queryRange(firstBlock, blockCount).values().stream().anyMatch(BlockMapping::shared);
    }

    /** Whether a write of {@code [firstBlock, firstBlock + blockCount)} allocates into a hole or converts an unwritten block. */
    public boolean writeAllocatesOrConverts(long firstBlock, long blockCount) {
        if (firstBlock < 0 || blockCount <= 0) {
            return false;
        }
        NavigableMap<Long, BlockMapping> range = queryRange(firstBlock, blockCount);
        return range.size() < blockCount || range.values().stream().anyMatch(BlockMapping::isUnwritten);
    }

    /**
     * Whether a write to any block of {@code [firstBlock, firstBlock + blockCount)} would allocate,
     * convert or copy-on-write: the "would this change the block map" question {@code iomap_begin}
     * asks when {@code i_mapdcount} is non-zero [03] and a MAP_DIRECT write fault asks [06].
     */
    public boolean writeNeedsBlockMapChange(long firstBlock, long blockCount) {
        if (firstBlock < 0 || blockCount <= 0) {
            return false;
        }
        NavigableMap<Long, BlockMapping> range = queryRange(firstBlock, blockCount);
        if (range.size() < blockCount) {
            return true;
        }
        for (BlockMapping mapping : range.values()) {
            if (mapping.shared() || mapping.isUnwritten()) {
                return true;
            }
        }
        return false;
    }

    /** Whether every block of the range is mapped and WRITTEN (shared or not); true for an empty range. */
    public boolean isFullyWritten(long firstBlock, long blockCount) {
        if (firstBlock < 0 || blockCount <= 0) {
            return true;
        }
        NavigableMap<Long, BlockMapping> range = queryRange(firstBlock, blockCount);
        if (range.size() < blockCount) {
            return false;
        }
        for (BlockMapping mapping : range.values()) {
            if (!mapping.isWritten()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether any mapping is shared. Stands for {@code xfs_is_reflink_inode()}, the check that makes
     * MAP_DIRECT faults SIGBUS on reflinked files [06]; like the XFS inode flag it stays set after the
     * other owners are gone, until this inode rewrites (or punches) its shared blocks.
     */
    public boolean hasSharedBlocks() {
        for (BlockMapping mapping : blocks.values()) {
            if (mapping.shared()) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- size

    /** The inode size ({@code i_size}); kept here only for durability, see the class comment. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** Sets the in-memory inode size; durable at the next {@link #commit()}. 0, or -EINVAL for a negative size. */
    public int setSizeBytes(long value) {
        if (value < 0) {
            return Errno.EINVAL.negative();
        }
        sizeBytes = value;
        return 0;
    }

    // ---------------------------------------------------------------- block-map changes

    /**
     * Allocates a WRITTEN block for every hole of the range; mapped blocks are left alone. The
     * allocation of a write into a hole (DAX allocates written, zeroed blocks: {@code xfs_iomap_write_direct()}
     * with {@code XFS_BMAPI_ZERO}). Stops at the first failed allocation, keeping what it allocated.
     */
    public BlockMapUpdate writeAllocate(long firstBlock, long blockCount) {
        return allocateHoles(firstBlock, blockCount, ExtentState.WRITTEN);
    }

    /**
     * {@code fallocate(mode 0)}: allocates an UNWRITTEN block for every hole of the range; blocks
     * already mapped (written, unwritten or shared) are untouched. Mirrors {@code xfs_alloc_file_space()}
     * with {@code XFS_BMAPI_PREALLOC}. Stops at the first ENOSPC, keeping what it allocated.
     */
    public BlockMapUpdate preallocate(long firstBlock, long blockCount) {
        return allocateHoles(firstBlock, blockCount, ExtentState.UNWRITTEN);
    }

    /**
     * Converts every unshared UNWRITTEN block of the range to WRITTEN. Mirrors
     * {@code xfs_iomap_write_unwritten()}. Shared unwritten blocks are left alone: a write to them is
     * a copy-on-write ({@link #copyOnWrite}), never an in-place conversion of a block another file maps.
     */
    public BlockMapUpdate convertUnwritten(long firstBlock, long blockCount) {
        if (!validRange(firstBlock, blockCount)) {
            return BlockMapUpdate.error(Errno.EINVAL);
        }
        Transaction tx = new Transaction();
        for (MappedBlock entry : toList(range(firstBlock, blockCount))) {
            convertStep(tx, entry.fileBlock(), entry.mapping());
        }
        return tx.finish(0);
    }

    /**
     * Copy-on-write of one shared block, as a write to it does. Mirrors {@code xfs_reflink_allocate_cow()}
     * followed by {@code xfs_reflink_end_cow()}: a new block is allocated and mapped WRITTEN and
     * unshared, and the old block loses this file's reference; it is not freed (others still hold it),
     * and {@link BlockMapUpdate#remapSourceBlock} names it so the caller can copy its content.
     * When this file turns out to be the block's only owner (the others copied or dropped it since),
     * XFS finds no sharing in the refcount btree and writes in place; the model then clears the
     * shared flag (and marks the block written) without allocating.
     *
     * @return {@code -EINVAL} for a hole or an unshared block; {@code -ENOSPC} when no block could be
     *         allocated (nothing changed)
     */
    public BlockMapUpdate copyOnWrite(long fileBlock) {
        BlockMapping mapping = blocks.get(fileBlock);
        if (mapping == null || !mapping.shared()) {
            return BlockMapUpdate.error(Errno.EINVAL);
        }
        Transaction tx = new Transaction();
        return tx.finish(copyOnWriteStep(tx, fileBlock, mapping));
    }

    /**
     * Makes every block of the range writable in place, as the write path's {@code iomap_begin} and an
     * allocating DAX write fault do: a hole is allocated WRITTEN, an unwritten block converted, a
     * shared block copied on write; written unshared blocks are left alone. Stops at the first error,
     * keeping what it did. The caller copies content for every REMAP change (its {@code before} block).
     */
    public BlockMapUpdate prepareWrite(long firstBlock, long blockCount) {
        if (!validRange(firstBlock, blockCount)) {
            return BlockMapUpdate.error(Errno.EINVAL);
        }
        Transaction tx = new Transaction();
        for (long fileBlock = firstBlock; fileBlock < firstBlock + blockCount; fileBlock++) {
            BlockMapping mapping = blocks.get(fileBlock);
            int rc = switch (writeNeed(fileBlock)) {
                case NONE -> 0;
                case ALLOCATE -> allocateStep(tx, fileBlock, ExtentState.WRITTEN);
                case CONVERT -> convertStep(tx, fileBlock, mapping);
                case COPY_ON_WRITE -> copyOnWriteStep(tx, fileBlock, mapping);
            };
            if (rc < 0) {
                return tx.finish(rc);
            }
        }
        return tx.finish(0);
    }

    /**
     * {@code fallocate(FALLOC_FL_PUNCH_HOLE)}: unmaps every block of the range and drops its
     * reference (a block is freed when its last reference goes). Mirrors {@code xfs_free_file_space()}.
     */
    public BlockMapUpdate punchHole(long firstBlock, long blockCount) {
        if (!validRange(firstBlock, blockCount)) {
            return BlockMapUpdate.error(Errno.EINVAL);
        }
        Transaction tx = new Transaction();
        unmapRange(tx, range(firstBlock, blockCount));
        return tx.finish(0);
    }

    /**
     * {@code fallocate(FALLOC_FL_ZERO_RANGE)}. Mirrors the 2017 {@code xfs_zero_file_space()}: punch the
     * range, then preallocate it, so that afterwards every block of the range is UNWRITTEN and
     * unshared (holes included) and reads as zeros. Because the allocator hands back the most recently
     * freed blocks first, the range usually gets its own blocks back (in reverse order). On ENOSPC
     * the rest of the range stays a hole.
     */
    public BlockMapUpdate zeroRange(long firstBlock, long blockCount) {
        if (!validRange(firstBlock, blockCount)) {
            return BlockMapUpdate.error(Errno.EINVAL);
        }
        Transaction tx = new Transaction();
        unmapRange(tx, range(firstBlock, blockCount));
        for (long fileBlock = firstBlock; fileBlock < firstBlock + blockCount; fileBlock++) {
            int rc = allocateStep(tx, fileBlock, ExtentState.UNWRITTEN);
            if (rc < 0) {
                return tx.finish(rc);
            }
        }
        return tx.finish(0);
    }

    /**
     * {@code fallocate(FALLOC_FL_COLLAPSE_RANGE)}: unmaps the range, then shifts every later block
     * left by {@code blockCount}. Mirrors {@code xfs_collapse_file_space()} ({@code xfs_free_file_space()}
     * then {@code xfs_bmap_shift_extents()}). The size shrinks by the range too, but that is the
     * caller's: {@code setSizeBytes(sizeBytes() - blockCount * BLOCK_SIZE_BYTES)}; the syscall-level
     * checks (block alignment, range not reaching EOF: EINVAL) are the caller's as well.
     */
    public BlockMapUpdate collapseRange(long firstBlock, long blockCount) {
        if (!validRange(firstBlock, blockCount)) {
            return BlockMapUpdate.error(Errno.EINVAL);
        }
        Transaction tx = new Transaction();
        unmapRange(tx, range(firstBlock, blockCount));
        List<MappedBlock> tail = toList(blocks.tailMap(firstBlock + blockCount, true));
        for (MappedBlock entry : tail) {
            tx.set(entry.fileBlock(), null);
        }
        for (MappedBlock entry : tail) {
            tx.set(entry.fileBlock() - blockCount, entry.mapping());
        }
        return tx.finish(0);
    }

    /**
     * {@code fallocate(FALLOC_FL_INSERT_RANGE)}: shifts every block at or beyond {@code firstBlock}
     * right by {@code blockCount}, leaving a hole of that many blocks. Mirrors {@code xfs_insert_file_space()}
     * ({@code xfs_bmap_split_extent()} at the offset, then {@code xfs_bmap_insert_extents()}). The size
     * grows by the range, which is the caller's, as are the syscall-level checks (block alignment,
     * offset below EOF: EINVAL; EFBIG past the largest file size).
     */
    public BlockMapUpdate insertRange(long firstBlock, long blockCount) {
        if (!validRange(firstBlock, blockCount) || endBlock() + blockCount < 0) {
            return BlockMapUpdate.error(Errno.EINVAL);
        }
        Transaction tx = new Transaction();
        List<MappedBlock> tail = toList(blocks.tailMap(firstBlock, true));
        for (MappedBlock entry : tail) {
            tx.set(entry.fileBlock(), null);
        }
        for (MappedBlock entry : tail) {
            tx.set(entry.fileBlock() + blockCount, entry.mapping());
        }
        return tx.finish(0);
    }

    /**
     * Unmaps (and drops the reference of) every block at or beyond {@code firstBlock}: the block part
     * of a shrinking truncate. Mirrors {@code xfs_itruncate_extents()}; a truncate to {@code sizeBytes}
     * calls it with {@link #blocksForBytes blocksForBytes(sizeBytes)} (a partial last block stays) and
     * sets the size itself.
     */
    public BlockMapUpdate truncateBlocks(long firstBlock) {
        if (firstBlock < 0) {
            return BlockMapUpdate.error(Errno.EINVAL);
        }
        Transaction tx = new Transaction();
        unmapRange(tx, blocks.tailMap(firstBlock, true));
        return tx.finish(0);
    }

    /**
     * Reflink ({@code FICLONERANGE}): {@code dest}'s blocks {@code [destFirst, destFirst + blockCount)}
     * become the source's blocks {@code [sourceFirst, ...)}. Mirrors {@code xfs_reflink_remap_blocks()}:
     * per block, the destination's old block loses its reference, a source hole or UNWRITTEN block
     * makes a destination hole (XFS shares only written extents: {@code xfs_bmap_is_written_extent()}
     * in {@code xfs_reflink_remap_extent()}), except that an unwritten destination block facing an
     * unwritten source block is left alone ("both unwritten"), and a written source block gains a reference and is
     * flagged shared on both sides. Both files then have shared blocks (FICLONE, S6). Only
     * offsets mapped on either side are visited, so a huge sparse range costs what is mapped.
     *
     * @return {@code -EXDEV} for maps of different allocators (filesystems), {@code -EINVAL} for a bad
     *         range or overlapping ranges of one map
     */
    public static ReflinkUpdate reflinkRange(ExtentMap source, long sourceFirst, ExtentMap dest, long destFirst,
                                             long blockCount) {
        if (source.allocator != dest.allocator) {
            return ReflinkUpdate.error(Errno.EXDEV);
        }
        if (!validRange(sourceFirst, blockCount) || !validRange(destFirst, blockCount)) {
            return ReflinkUpdate.error(Errno.EINVAL);
        }
        boolean sameMap = source == dest;
        if (sameMap && destFirst < sourceFirst + blockCount && sourceFirst < destFirst + blockCount) {
            return ReflinkUpdate.error(Errno.EINVAL);
        }
        Transaction destTx = dest.new Transaction();
        Transaction sourceTx = sameMap ? destTx : source.new Transaction();
        for (long i : touchedOffsets(source, sourceFirst, dest, destFirst, blockCount)) {
            BlockMapping from = source.blocks.get(sourceFirst + i);
            BlockMapping old = dest.blocks.get(destFirst + i);
            if (from != null && from.isUnwritten()) {
                if (old != null && old.isUnwritten()) {
                    continue;
                }
                from = null;
            }
            if (from != null) {
                source.allocator.share(from.pmemBlock());
                sourceTx.set(sourceFirst + i, from.withShared(true));
            }
            dest.unmapStep(destTx, destFirst + i, old);
            if (from != null) {
                destTx.set(destFirst + i, from.withShared(true));
            }
        }
        List<BlockMapChange> sourceChanges = sameMap ? List.of() : sourceTx.finish(0).changes();
        return new ReflinkUpdate(0, sourceChanges, destTx.finish(0).changes());
    }

    /** The offsets {@code i < blockCount} at which the source or the destination range has a block, ascending. */
    private static java.util.NavigableSet<Long> touchedOffsets(ExtentMap source, long sourceFirst, ExtentMap dest,
                                                               long destFirst, long blockCount) {
        java.util.TreeSet<Long> offsets = new java.util.TreeSet<>();
        for (long fileBlock : source.range(sourceFirst, blockCount).keySet()) {
            offsets.add(fileBlock - sourceFirst);
        }
        for (long fileBlock : dest.range(destFirst, blockCount).keySet()) {
            offsets.add(fileBlock - destFirst);
        }
        return offsets;
    }

    /**
     * {@code FICLONE}: reflinks the whole source file, {@code blocksForBytes(source.sizeBytes())}
     * blocks from block 0, onto the same blocks of {@code dest}; dest blocks beyond stay. Setting
     * dest's size (to at least the source's) is the caller's. See {@link #reflinkRange}.
     */
    public static ReflinkUpdate cloneFile(ExtentMap source, ExtentMap dest) {
        return reflinkRange(source, 0, dest, 0, blocksForBytes(source.sizeBytes));
    }

    // ---------------------------------------------------------------- durability

    /**
     * Makes the current map and size durable (fsync, msync, a MAP_SYNC-style synchronous fault):
     * mirrors {@code xfs_log_force_inode()}. Also called by the allocator to reuse a busy block.
     */
    public void commit() {
        allocator.forceLog(this);
    }

    /** Makes only this map durable; {@link BlockAllocator#forceLog} decides which maps go together. */
    void commitThisMap() {
        List<BlockMapping> before = new ArrayList<>(durable.values());
        durable = new TreeMap<>(blocks);
        durableSizeBytes = sizeBytes;
        allocator.durableReferencesChanged(this, before, durable.values());
    }

    /** The pmem blocks of every file block whose mapping differs from the durable snapshot (either side). */
    Set<Integer> uncommittedPmemBlocks() {
        Set<Integer> touched = new HashSet<>();
        for (Map.Entry<Long, BlockMapping> entry : blocks.entrySet()) {
            BlockMapping old = durable.get(entry.getKey());
            if (!entry.getValue().equals(old)) {
                touched.add(entry.getValue().pmemBlock());
            }
        }
        for (Map.Entry<Long, BlockMapping> entry : durable.entrySet()) {
            if (!entry.getValue().equals(blocks.get(entry.getKey()))) {
                touched.add(entry.getValue().pmemBlock());
            }
        }
        return touched;
    }

    /** Whether the map or size differ from what a crash would restore. */
    public boolean hasUncommittedChanges() {
        return sizeBytes != durableSizeBytes || !blocks.equals(durable);
    }

    /** The mapping a crash would restore for {@code fileBlock} (null for a hole). */
    public BlockMapping durableLookup(long fileBlock) {
        return durable.get(fileBlock);
    }

    /** The durable map in file-block order (a snapshot). */
    public List<MappedBlock> durableMappings() {
        return toList(durable);
    }

    /** The size a crash would restore. */
    public long durableSizeBytes() {
        return durableSizeBytes;
    }

    Collection<BlockMapping> durableMappingValues() {
        return durable.values();
    }

    /**
     * Crash, first half: drops every undurable change (the map and size go back to the last commit)
     * without touching the allocator, which {@link BlockMapRecovery} rebuilds next. Returns the open
     * transaction that {@link #finishRecovery} completes.
     */
    Transaction restoreDurable() {
        Transaction tx = new Transaction();
        for (Long fileBlock : List.copyOf(blocks.keySet())) {
            tx.set(fileBlock, null);
        }
        for (Map.Entry<Long, BlockMapping> entry : durable.entrySet()) {
            tx.set(entry.getKey(), entry.getValue());
        }
        sizeBytes = durableSizeBytes;
        return tx;
    }

    /** Crash, second half: shared flags from the rebuilt reference counts (in both views); reports the net changes. */
    BlockMapUpdate finishRecovery(Transaction tx) {
        for (MappedBlock entry : toList(blocks)) {
            BlockMapping mapping = entry.mapping();
            boolean shared = allocator.refcount(mapping.pmemBlock()) > 1;
            if (shared != mapping.shared()) {
                tx.set(entry.fileBlock(), mapping.withShared(shared));
                durable.put(entry.fileBlock(), mapping.withShared(shared));
            }
        }
        return tx.finish(0);
    }

    @Override
    public String toString() {
        return label;
    }

    // ---------------------------------------------------------------- steps

    private BlockMapUpdate allocateHoles(long firstBlock, long blockCount, ExtentState state) {
        if (!validRange(firstBlock, blockCount)) {
            return BlockMapUpdate.error(Errno.EINVAL);
        }
        Transaction tx = new Transaction();
        for (long fileBlock = firstBlock; fileBlock < firstBlock + blockCount; fileBlock++) {
            if (!blocks.containsKey(fileBlock)) {
                int rc = allocateStep(tx, fileBlock, state);
                if (rc < 0) {
                    return tx.finish(rc);
                }
            }
        }
        return tx.finish(0);
    }

    private int allocateStep(Transaction tx, long fileBlock, ExtentState state) {
        int block = allocator.allocate();
        if (block < 0) {
            return block;
        }
        tx.set(fileBlock, new BlockMapping(block, state, false));
        return 0;
    }

    private int convertStep(Transaction tx, long fileBlock, BlockMapping mapping) {
        if (mapping.isUnwritten() && !mapping.shared()) {
            tx.set(fileBlock, mapping.withState(ExtentState.WRITTEN));
        }
        return 0;
    }

    private int copyOnWriteStep(Transaction tx, long fileBlock, BlockMapping mapping) {
        if (allocator.refcount(mapping.pmemBlock()) == 1) {
            tx.set(fileBlock, BlockMapping.written(mapping.pmemBlock()));
            return 0;
        }
        int block = allocator.allocate();
        if (block < 0) {
            return block;
        }
        tx.set(fileBlock, BlockMapping.written(block));
        allocator.free(mapping.pmemBlock());
        return 0;
    }

    private void unmapRange(Transaction tx, NavigableMap<Long, BlockMapping> range) {
        for (MappedBlock entry : toList(range)) {
            unmapStep(tx, entry.fileBlock(), entry.mapping());
        }
    }

    private void unmapStep(Transaction tx, long fileBlock, BlockMapping mapping) {
        if (mapping != null) {
            tx.set(fileBlock, null);
            allocator.free(mapping.pmemBlock());
        }
    }

    private NavigableMap<Long, BlockMapping> range(long firstBlock, long blockCount) {
        return blocks.subMap(firstBlock, true, firstBlock + blockCount, false);
    }

    /** The mapped part of a valid, non-empty query range; its end saturates at Long.MAX_VALUE. */
    private NavigableMap<Long, BlockMapping> queryRange(long firstBlock, long blockCount) {
        long end = firstBlock + blockCount < 0 ? Long.MAX_VALUE : firstBlock + blockCount;
        return blocks.subMap(firstBlock, true, end, false);
    }

    private static boolean validRange(long firstBlock, long blockCount) {
        return firstBlock >= 0 && blockCount >= 0 && firstBlock + blockCount >= 0;
    }

    /** A copy of the entries (TreeMap reuses its entry objects when it deletes, so entrySet() is no snapshot). */
    private static List<MappedBlock> toList(NavigableMap<Long, BlockMapping> map) {
        List<MappedBlock> result = new ArrayList<>(map.size());
        for (Map.Entry<Long, BlockMapping> entry : map.entrySet()) {
            result.add(new MappedBlock(entry.getKey(), entry.getValue()));
        }
        return result;
    }

    /**
     * The file blocks one operation touches, with their mappings before it: at the end the net
     * changes are the touched blocks whose mapping differs, reported in file-block order.
     */
    final class Transaction {
        private final TreeMap<Long, BlockMapping> before = new TreeMap<>();

        void set(long fileBlock, BlockMapping mapping) {
            if (!before.containsKey(fileBlock)) {
                before.put(fileBlock, blocks.get(fileBlock));
            }
            if (mapping == null) {
                blocks.remove(fileBlock);
            } else {
                blocks.put(fileBlock, mapping);
            }
        }

        BlockMapUpdate finish(int rc) {
            List<BlockMapChange> changes = new ArrayList<>();
            for (Map.Entry<Long, BlockMapping> entry : before.entrySet()) {
                BlockMapping after = blocks.get(entry.getKey());
                if (!Objects.equals(entry.getValue(), after)) {
                    changes.add(new BlockMapChange(entry.getKey(), entry.getValue(), after));
                }
            }
            before.clear();
            for (BlockMapChange change : changes) {
                changeSink.accept(change);
            }
            return new BlockMapUpdate(rc, changes);
        }
    }
}
