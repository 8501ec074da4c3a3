package io.mapdirect.fs.xfs;

import io.mapdirect.kernel.Errno;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The specification of {@link ExtentMap} + {@link BlockAllocator} as the simplest possible code:
 * arrays of mappings per file, a list as the LIFO free list, reference counts recounted where that
 * is easiest. Used by {@link ExtentMapProperties} as the oracle. Same semantics, written without
 * trees, transactions or holder lists: durable holders are found by scanning the durable arrays.
 */
final class ArrayBlockMapModel {
    final int blockCount;
    final int fileBlocks;
    final BlockMapping[][] current;
    final BlockMapping[][] durable;
    final long[] size;
    final long[] durableSize;
    final int[] refcount;
    /** Free blocks; the last element is handed out next. */
    final List<Integer> free = new ArrayList<>();
    long forcedCommits;
    private int allocCalls;
    private int failAt;

    ArrayBlockMapModel(int blockCount, int files, int fileBlocks) {
        this.blockCount = blockCount;
        this.fileBlocks = fileBlocks;
        this.current = new BlockMapping[files][fileBlocks];
        this.durable = new BlockMapping[files][fileBlocks];
        this.size = new long[files];
        this.durableSize = new long[files];
        this.refcount = new int[blockCount];
        for (int block = blockCount - 1; block >= 0; block--) {
            free.add(block);
        }
    }

    /** The {@code failAt}-th allocation of the next operation fails (0: none). */
    void beginOperation(int failAtAllocation) {
        allocCalls = 0;
        failAt = failAtAllocation;
    }

    int allocate() {
        allocCalls++;
        if (allocCalls == failAt || free.isEmpty()) {
            return Errno.ENOSPC.negative();
        }
        int block = free.get(free.size() - 1);
        for (int file = 0; file < durable.length; file++) {
            if (references(durable[file], block) > 0) {
                forcedCommits++;
                commit(file);
            }
        }
        free.remove(free.size() - 1);
        refcount[block] = 1;
        return block;
    }

    void drop(int block) {
        if (--refcount[block] == 0) {
            free.add(block);
        }
    }

    int writeAllocate(int file, int first, int count, ExtentState state) {
        for (int fb = first; fb < first + count; fb++) {
            if (current[file][fb] == null) {
                int block = allocate();
                if (block < 0) {
                    return block;
                }
                current[file][fb] = new BlockMapping(block, state, false);
            }
        }
        return 0;
    }

    int convert(int file, int first, int count) {
        for (int fb = first; fb < first + count; fb++) {
            convertOne(file, fb);
        }
        return 0;
    }

    private void convertOne(int file, int fb) {
        BlockMapping m = current[file][fb];
        if (m != null && m.isUnwritten() && !m.shared()) {
            current[file][fb] = BlockMapping.written(m.pmemBlock());
        }
    }

    int copyOnWrite(int file, int fb) {
        BlockMapping m = current[file][fb];
        if (m == null || !m.shared()) {
            return Errno.EINVAL.negative();
        }
        if (refcount[m.pmemBlock()] == 1) {
            current[file][fb] = BlockMapping.written(m.pmemBlock());
            return 0;
        }
        int block = allocate();
        if (block < 0) {
            return block;
        }
        current[file][fb] = BlockMapping.written(block);
        drop(m.pmemBlock());
        return 0;
    }

    int prepareWrite(int file, int first, int count) {
        for (int fb = first; fb < first + count; fb++) {
            BlockMapping m = current[file][fb];
            int rc = 0;
            if (m == null) {
                rc = writeAllocate(file, fb, 1, ExtentState.WRITTEN);
            } else if (m.shared()) {
                rc = copyOnWrite(file, fb);
            } else {
                convertOne(file, fb);
            }
            if (rc < 0) {
                return rc;
            }
        }
        return 0;
    }

    int punch(int file, int first, int count) {
        for (int fb = first; fb < first + count; fb++) {
            if (current[file][fb] != null) {
                drop(current[file][fb].pmemBlock());
                current[file][fb] = null;
            }
        }
        return 0;
    }

    int zero(int file, int first, int count) {
        punch(file, first, count);
        return writeAllocate(file, first, count, ExtentState.UNWRITTEN);
    }

    int collapse(int file, int first, int count) {
        punch(file, first, count);
        BlockMapping[] map = current[file];
        for (int fb = first; fb < fileBlocks; fb++) {
            map[fb] = fb + count < fileBlocks ? map[fb + count] : null;
        }
        return 0;
    }

    int truncate(int file, int first) {
        return punch(file, first, fileBlocks - first);
    }

    int reflink(int source, int sourceFirst, int dest, int destFirst, int count) {
        if (source == dest && destFirst < sourceFirst + count && sourceFirst < destFirst + count) {
            return Errno.EINVAL.negative();
        }
        for (int i = 0; i < count; i++) {
            BlockMapping from = current[source][sourceFirst + i];
            BlockMapping old = current[dest][destFirst + i];
            if (from != null && from.isUnwritten()) {
                if (old != null && old.isUnwritten()) {
                    continue;
                }
                from = null;
            }
            if (from != null) {
                refcount[from.pmemBlock()]++;
                current[source][sourceFirst + i] = from.withShared(true);
            }
            punch(dest, destFirst + i, 1);
            current[dest][destFirst + i] = from == null ? null : from.withShared(true);
        }
        return 0;
    }

    /** Commits {@code file} and, transitively, every file with an uncommitted change to a pmem block it changed (one log). */
    void commit(int file) {
        boolean[] done = new boolean[current.length];
        commitEntangled(file, done);
    }

    private void commitEntangled(int file, boolean[] done) {
        done[file] = true;
        boolean[] touched = changedBlocks(file);
        durable[file] = current[file].clone();
        durableSize[file] = size[file];
        for (int other = 0; other < current.length; other++) {
            if (done[other]) {
                continue;
            }
            boolean[] theirs = changedBlocks(other);
            for (int block = 0; block < blockCount; block++) {
                if (touched[block] && theirs[block]) {
                    commitEntangled(other, done);
                    break;
                }
            }
        }
    }

    private boolean[] changedBlocks(int file) {
        boolean[] changed = new boolean[blockCount];
        for (int fb = 0; fb < fileBlocks; fb++) {
            BlockMapping now = current[file][fb];
            BlockMapping then = durable[file][fb];
            if (!java.util.Objects.equals(now, then)) {
                if (now != null) {
                    changed[now.pmemBlock()] = true;
                }
                if (then != null) {
                    changed[then.pmemBlock()] = true;
                }
            }
        }
        return changed;
    }

    void crash() {
        Arrays.fill(refcount, 0);
        for (int file = 0; file < current.length; file++) {
            current[file] = durable[file].clone();
            size[file] = durableSize[file];
            for (BlockMapping m : current[file]) {
                if (m != null) {
                    refcount[m.pmemBlock()]++;
                }
            }
        }
        for (int file = 0; file < current.length; file++) {
            for (int fb = 0; fb < fileBlocks; fb++) {
                BlockMapping m = current[file][fb];
                if (m != null) {
                    current[file][fb] = m.withShared(refcount[m.pmemBlock()] > 1);
                }
            }
            durable[file] = current[file].clone();
        }
        free.clear();
        for (int block = blockCount - 1; block >= 0; block--) {
            if (refcount[block] == 0) {
                free.add(block);
            }
        }
    }

    private static int references(BlockMapping[] map, int block) {
        int count = 0;
        for (BlockMapping m : map) {
            if (m != null && m.pmemBlock() == block) {
                count++;
            }
        }
        return count;
    }
}
