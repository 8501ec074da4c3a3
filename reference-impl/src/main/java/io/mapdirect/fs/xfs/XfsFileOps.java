package io.mapdirect.fs.xfs;

import io.mapdirect.fs.File;
import io.mapdirect.fs.FileOperations;
import io.mapdirect.fs.Inode;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.Vma;

/**
 * {@code xfs_file_operations} and the size change of {@code xfs_vn_setattr}: DAX reads and writes,
 * fallocate, truncate, reflink and fsync, each breaking layouts before it changes anything
 * ({@link XfsLayouts}). Data of DAX inodes lives in the pmem blocks (writes are durable when they
 * return, {@code copy_from_iter_flushcache}); data of non-DAX inodes in a DRAM page cache.
 *
 * @kernel fs/xfs/xfs_file.c xfs_file_operations [06]
 */
final class XfsFileOps implements FileOperations {
    static final int FALLOC_FL_KEEP_SIZE = 0x01;
    static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    static final int FALLOC_FL_COLLAPSE_RANGE = 0x08;
    static final int FALLOC_FL_ZERO_RANGE = 0x10;
    static final int FALLOC_FL_INSERT_RANGE = 0x20;
    /** {@code s_maxbytes} of XFS on 64-bit: {@code MAX_LFS_FILESIZE}. */
    static final long MAX_FILE_BYTES = Long.MAX_VALUE;

    private final Xfs xfs;

    XfsFileOps(Xfs xfs) {
        this.xfs = xfs;
    }

    private static long block(long offsetBytes) {
        return offsetBytes / Mm.PAGE_SIZE;
    }

    /** File blocks touched by {@code [offset, offset+length)}, length > 0, without overflowing near 2^63. */
    private static long blocks(long offsetBytes, long lengthBytes) {
        return block(offsetBytes + (lengthBytes - 1)) - block(offsetBytes) + 1;
    }

    /** Mirrors {@code xfs_file_dax_read()}: holes and unwritten blocks read as zeros. */
    @Override
    public KResult<long[]> read(File file, long offsetBytes, long lengthBytes) {
        XfsInode ip = (XfsInode) file.inode();
        ip.iRwsem().downRead();
        try {
            long end = Math.min(ip.sizeBytes(), offsetBytes + lengthBytes);
            if (end <= offsetBytes) {
                return KResult.ok(new long[0]);
            }
            long first = block(offsetBytes);
            long[] versions = new long[(int) (block(end - 1) - first + 1)];
            for (int i = 0; i < versions.length; i++) {
                versions[i] = xfs.data().read(ip, first + i);
            }
            return KResult.ok(versions);
        } finally {
            ip.iRwsem().upRead();
        }
    }

    /**
     * Mirrors {@code xfs_file_dax_write()}: I/O lock exclusive, layouts broken (write is a lease
     * breaker even when it allocates nothing [06]), then {@code iomap_begin} allocates, converts or
     * copies-on-write as each block needs, and the data is stored durably. Returns the length (the
     * part written before a page-cache allocation failed, for a non-DAX inode), or -errno (ENOSPC,
     * EINTR, ENOMEM). The caller guarantees {@code offset + length} does not wrap.
     */
    @Override
    public long write(File file, long offsetBytes, long lengthBytes, long version) {
        XfsInode ip = (XfsInode) file.inode();
        xfs.layouts().lock(ip, XfsLayouts.LockMode.WRITE);
        try {
            int error = xfs.layouts().breakLayouts(ip, XfsLayouts.LockMode.WRITE);
            if (error != 0) {
                return error;
            }
            if (offsetBytes > ip.sizeBytes()) {
                error = zeroPartialBlock(ip, ip.sizeBytes());
            }
            if (error == 0) {
                error = mapdcountCheck(ip, block(offsetBytes), blocks(offsetBytes, lengthBytes));
            }
            long firstBlock = block(offsetBytes);
            long blockCount = blocks(offsetBytes, lengthBytes);
            boolean copies = ip.isDax() && ip.map().writeCopiesOnWrite(firstBlock, blockCount);
            boolean allocates = ip.isDax() && ip.map().writeAllocatesOrConverts(firstBlock, blockCount);
            // dax_iomap_iter(): "if (iomap->flags & IOMAP_F_NEW || cow) invalidate_inode_pages2_range()":
            // a mapping of a hole (the zero page) or of a block copied on write must not keep the old
            // translation (seed 1600950056619062970 case 44580: an ODP fault resolved through a read-only
            // PTE to the shared block after write(2) had copied it, ODP_COHERENT). A copy's extent is
            // invalidated before ->iomap_end() moves the data fork (xfs_reflink_end_cow()), so no device
            // translation outlives the remap; a new block is invalidated after ->iomap_begin() allocated it.
            if (error == 0 && copies) {
                ip.mapping().unmapMappingRange(firstBlock * Mm.PAGE_SIZE, blockCount * Mm.PAGE_SIZE);
            }
            if (error == 0) {
                error = xfs.data().prepareWrite(ip, firstBlock, blockCount);
            }
            if (error != 0) {
                return error;
            }
            if (allocates) {
                ip.mapping().unmapMappingRange(firstBlock * Mm.PAGE_SIZE, blockCount * Mm.PAGE_SIZE);
            }
            long written = lengthBytes;
            for (long b = block(offsetBytes); b < block(offsetBytes) + blocks(offsetBytes, lengthBytes); b++) {
                error = xfs.data().write(ip, b, version);
                if (error != 0) {
                    written = Math.max(0, b * Mm.PAGE_SIZE - offsetBytes);
                    break;
                }
            }
            if (written == 0) {
                return error;
            }
            if (offsetBytes + written > ip.sizeBytes()) {
                ip.setSizeBytes(offsetBytes + written);
            }
            return written;
        } finally {
            xfs.layouts().unlock(ip, XfsLayouts.LockMode.WRITE);
        }
    }

    /** Mirrors {@code xfs_file_mmap()}: the ordinary vm ops. */
    @Override
    public int mmap(File file, Vma vma) {
        vma.setOps(xfs.faults());
        if (file.inode().isDax()) {
            vma.addVmFlags(Mm.VM_MIXEDMAP | Mm.VM_HUGEPAGE);
        }
        return 0;
    }

    @Override
    public boolean hasMmapValidate() {
        return true;
    }

    @Override
    public int mmapValidate(File file, Vma vma, long mapFlags, int fd) {
        return xfs.direct().mmapValidate(file, vma, mapFlags, fd);
    }

    /** linux-6.x: {@code FOP_MMAP_SYNC} for DAX files, reported per file by the syscall layer. */
    @Override
    public long mmapSupportedFlags() {
        return 0x80000L;
    }

    /**
     * Mirrors {@code xfs_file_fsync()} with {@code dax_writeback_mapping_range()}: flushes the CPU
     * cache lines of the file's blocks and makes the block map durable.
     */
    @Override
    public int fsync(File file) {
        XfsInode ip = (XfsInode) file.inode();
        xfs.data().writeback(ip);
        xfs.commit(ip, "fsync");
        return 0;
    }

    /**
     * Zeroing the rest of the block that holds EOF, as {@code xfs_truncate_page()} (shrinking),
     * {@code xfs_zero_range()} from the old EOF (growing, also by fallocate) and a write past EOF do: the data change is not
     * modelled (one version per block), but on a shared block the zeroing is a write, so the block is
     * copied on write first (seen on 6.18: {@code ftruncate} to 2048 of a reflinked block unshares it),
     * after the page is unmapped from every mapping of a DAX file ({@code dax_zero_iter()}; until
     * 2026-12-06 the model copied without unmapping, so a mapping kept loading the block the clone now
     * owned: found while reading PIT's survivors, witness {@code XfsEofZeroingCowTest}).
     * Nothing for a block boundary, a hole, an unwritten or an unshared block. Returns 0 or -errno.
     *
     * @kernel fs/dax.c dax_zero_iter()
     * @departure bookkeeping a copy on write (here and in {@link #write}) unmaps the page before the copy's block is allocated,
     *     where the kernel invalidates it once ->iomap_begin() has allocated it; a copy that fails with ENOSPC therefore leaves
     *     the page unmapped, and the next access faults the same block in again: nothing else differs
     */
    private int zeroPartialBlock(XfsInode ip, long eofBytes) {
        if (eofBytes % Mm.PAGE_SIZE == 0 || ip.map().writeNeed(block(eofBytes)) != WriteNeed.COPY_ON_WRITE) {
            return 0;
        }
        if (ip.isDax()) {
            // dax_zero_iter() (6.x, "fsdax: invalidate pages when CoW"): "if (iomap->flags & IOMAP_F_SHARED)
            // invalidate_inode_pages2_range()", as write(2) does above: no mapping keeps the shared block
            ip.mapping().unmapMappingRange(block(eofBytes) * Mm.PAGE_SIZE, Mm.PAGE_SIZE);
        }
        return xfs.data().prepareWrite(ip, block(eofBytes), 1);
    }

    /**
     * Mirrors {@code xfs_file_fallocate()}: allocate (UNWRITTEN), punch hole (needs KEEP_SIZE), zero
     * range, collapse range (block-aligned, not reaching EOF), insert range (block-aligned, starting
     * below EOF; EFBIG past the largest size); other modes EOPNOTSUPP. Model choice: unshare range,
     * which XFS has, is EOPNOTSUPP here (the VFS checks of its combinations with other modes are
     * still made). Locks, breaks
     * layouts, waits for pinned pages where the policy says so, changes the map and zaps the
     * mappings of the affected range. In 4.14's order: only the mode is checked before the lock
     * ({@code mode & ~XFS_FALLOC_FL_SUPPORTED}); collapse's and insert's own checks (block alignment,
     * the range against EOF, EFBIG) come after {@code xfs_break_layouts()}, so a collapse or insert that
     * then fails with EINVAL or EFBIG has broken the file's layouts (a MAP_DIRECT holder gets its SIGIO
     * and, unless it unmaps, loses the mapping at lease-break-time) before it fails. (Until 2026-12-06
     * the model checked first and returned without a break: a silent repair, found while reading PIT's
     * survivors.)
     *
     * @kernel fs/xfs/xfs_file.c xfs_file_fallocate()
     */
    @Override
    public int fallocate(File file, int mode, long offsetBytes, long lengthBytes) {
        XfsInode ip = (XfsInode) file.inode();
        int error = checkFallocateMode(mode);
        if (error != 0) {
            return error;
        }
        XfsLayouts.LockMode lockMode = XfsLayouts.LockMode.EXCL;
        xfs.layouts().lock(ip, lockMode);
        try {
            boolean skipsBreak = (mode & FALLOC_FL_PUNCH_HOLE) != 0 && xfs.kernel().testFault(TestFault.PUNCH_HOLE_NO_BREAK_LAYOUTS);
            error = skipsBreak ? 0 : xfs.layouts().breakLayouts(ip, lockMode);
            if (error != 0) {
                return error;
            }
            long first = block(offsetBytes);
            long count = blocks(offsetBytes, lengthBytes);
            int shifting = FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_INSERT_RANGE;
            if ((mode & (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE | shifting)) != 0) {
                error = xfs.layouts().waitForPins(ip, lockMode, first,
                        (mode & shifting) != 0 ? Long.MAX_VALUE - first : count);
                if (error != 0) {
                    return error;
                }
            }
            error = checkShiftRange(ip, mode, offsetBytes, lengthBytes);
            if (error != 0) {
                return error;
            }
            return applyFallocate(ip, mode, offsetBytes, lengthBytes, first, count);
        } finally {
            xfs.layouts().unlock(ip, lockMode);
        }
    }

    /**
     * {@code if (mode & ~XFS_FALLOC_FL_SUPPORTED) return -EOPNOTSUPP;}, before the lock. The VFS
     * ({@code vfs_fallocate()}, {@link io.mapdirect.syscalls.FileCalls#fallocate}) has refused every
     * other unknown bit and every bad combination already; what reaches this check is unshare range,
     * which the model does not support (above).
     */
    private static int checkFallocateMode(int mode) {
        int supported = FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE
                | FALLOC_FL_INSERT_RANGE;
        return (mode & ~supported) != 0 ? Errno.EOPNOTSUPP.negative() : 0;
    }

    /**
     * Collapse's and insert's checks of {@code xfs_file_fallocate()}, made with the layouts broken and
     * the locks held: block-aligned offset and length (EINVAL); a collapse must end before EOF (EINVAL);
     * an insert must not grow the file past the largest size (EFBIG) and must start below EOF (EINVAL).
     */
    private static int checkShiftRange(XfsInode ip, int mode, long offsetBytes, long lengthBytes) {
        if ((mode & FALLOC_FL_COLLAPSE_RANGE) != 0) {
            if (!Mm.pageAligned(offsetBytes) || !Mm.pageAligned(lengthBytes)) {
                return Errno.EINVAL.negative();
            }
            if (offsetBytes + lengthBytes >= ip.sizeBytes()) {
                return Errno.EINVAL.negative();
            }
        }
        if ((mode & FALLOC_FL_INSERT_RANGE) != 0) {
            if (!Mm.pageAligned(offsetBytes) || !Mm.pageAligned(lengthBytes)) {
                return Errno.EINVAL.negative();
            }
            if (MAX_FILE_BYTES - ip.sizeBytes() < lengthBytes) {
                return Errno.EFBIG.negative();
            }
            if (offsetBytes >= ip.sizeBytes()) {
                return Errno.EINVAL.negative();
            }
        }
        return 0;
    }

    private int applyFallocate(XfsInode ip, int mode, long offsetBytes, long lengthBytes, long first, long count) {
        if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
            ip.mapping().unmapMappingRange(offsetBytes, lengthBytes);
            xfs.data().dropCache(ip, first, count);
            return xfs.change(ip, ip.map().punchHole(first, count));
        }
        if ((mode & (FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_INSERT_RANGE)) != 0) {
            ip.mapping().unmapMappingRange(offsetBytes, 0);
            xfs.data().writeback(ip);
            xfs.data().dropCache(ip, first, Long.MAX_VALUE - first);
            if ((mode & FALLOC_FL_INSERT_RANGE) != 0) {
                ip.setSizeBytes(ip.sizeBytes() + lengthBytes);
                return xfs.change(ip, ip.map().insertRange(first, count));
            }
            // 6.18: a collapse frees the blocks beyond EOF (KEEP_SIZE ones too) before the shift; an insert
            // shifts them with the rest (both seen on real XFS, whatever the preallocation flag)
            xfs.change(ip, ip.map().truncateBlocks(ExtentMap.blocksForBytes(ip.sizeBytes())));
            int error = xfs.change(ip, ip.map().collapseRange(first, count));
            ip.setSizeBytes(ip.sizeBytes() - lengthBytes);
            return error;
        }
        int error;
        if ((mode & FALLOC_FL_ZERO_RANGE) != 0) {
            ip.mapping().unmapMappingRange(offsetBytes, lengthBytes);
            xfs.data().dropCache(ip, first, count);
            error = xfs.change(ip, ip.map().zeroRange(first, count));
        } else {
            error = xfs.change(ip, ip.map().preallocate(first, count));
        }
        if (error == 0 && (mode & FALLOC_FL_KEEP_SIZE) == 0 && offsetBytes + lengthBytes > ip.sizeBytes()) {
            error = zeroPartialBlock(ip, ip.sizeBytes());
            if (error == 0) {
                ip.setSizeBytes(offsetBytes + lengthBytes);
            }
        }
        return error;
    }

    /**
     * Mirrors {@code xfs_vn_setattr()} → {@code xfs_setattr_size()}: locks, breaks layouts, waits
     * for pinned pages of the truncated range where the policy says so, zaps the mappings beyond the
     * new size and frees the blocks.
     */
    @Override
    public int setSize(Inode inode, File fileOrNull, long sizeBytes) {
        XfsInode ip = (XfsInode) inode;
        XfsLayouts.LockMode lockMode = XfsLayouts.LockMode.EXCL;
        xfs.layouts().lock(ip, lockMode);
        try {
            int error = xfs.layouts().breakLayouts(ip, lockMode);
            if (error != 0) {
                return error;
            }
            error = zeroPartialBlock(ip, Math.min(sizeBytes, ip.sizeBytes()));
            if (error != 0) {
                return error;
            }
            long firstGone = ExtentMap.blocksForBytes(sizeBytes);
            // xfs_setattr_size(): a size that does not grow frees every block beyond it (KEEP_SIZE ones too)
            if (sizeBytes <= ip.sizeBytes()) {
                error = xfs.layouts().waitForPins(ip, lockMode, firstGone, Long.MAX_VALUE - firstGone);
                if (error != 0) {
                    return error;
                }
                ip.mapping().unmapMappingPages(Mm.pagesFor(sizeBytes), Long.MAX_VALUE);
                xfs.data().dropCache(ip, firstGone, Long.MAX_VALUE - firstGone);
                error = xfs.change(ip, ip.map().truncateBlocks(firstGone));
            }
            ip.setSizeBytes(sizeBytes);
            return error;
        } finally {
            xfs.layouts().unlock(ip, lockMode);
        }
    }

    /**
     * Mirrors {@code xfs_file_remap_range()} for FICLONE and FICLONERANGE: both inodes locked (lower
     * inode number first), layouts broken on both (both block maps change: the blocks become shared),
     * the checks of {@code generic_remap_file_range_prep()} ({@link RemapRange}), both page caches
     * written back, then the source's written blocks are shared into the destination, whose size grows
     * to {@code destOffset + length}. Under the layout-lease RFC a file with pinned pages is not
     * reflinked (ETXTBSY, {@link XfsLayouts#refuseSharingPinned}).
     */
    @Override
    public int cloneRange(File dst, long destOffsetBytes, File src, long srcOffsetBytes, long lengthBytes) {
        XfsInode dest = (XfsInode) dst.inode();
        XfsInode source = (XfsInode) src.inode();
        XfsInode firstLocked = dest.ino() <= source.ino() ? dest : source;
        XfsInode secondLocked = firstLocked == dest ? source : dest;
        XfsLayouts.LockMode lockMode = XfsLayouts.LockMode.EXCL;
        xfs.layouts().lock(firstLocked, lockMode);
        if (secondLocked != firstLocked) {
            xfs.layouts().lock(secondLocked, lockMode);
        }
        try {
            int error = breakBoth(firstLocked, secondLocked, lockMode);
            if (error != 0) {
                return error;
            }
            RemapRange range = RemapRange.check(source.sizeBytes(), dest.sizeBytes(), srcOffsetBytes, destOffsetBytes,
                    lengthBytes, source == dest);
            if (range.rc() != 0 || range.lengthBytes() == 0) {
                return range.rc();
            }
            return remap(source, dest, range);
        } finally {
            if (secondLocked != firstLocked) {
                xfs.layouts().unlock(secondLocked, lockMode);
            }
            xfs.layouts().unlock(firstLocked, lockMode);
        }
    }

    /**
     * [03]'s check in {@code xfs_file_iomap_begin()}, which write(2) of a DAX inode passes through
     * too: with the known bug ALLOC_FAULT_NO_BREAK (v7's {@code i_mapdcount}), an allocation or
     * conversion fails with ETXTBSY while a MAP_DIRECT mapping exists, e.g. one registered between
     * the write's layout break and its allocation. The copy-on-write path comes first and is not
     * checked (REFLINK_MISSED). Without the bug, 0.
     *
     * @kernel fs/xfs/xfs_iomap.c xfs_file_iomap_begin() [03]
     * @departure fault ALLOC_FAULT_NO_BREAK
     */
    private int mapdcountCheck(XfsInode ip, long firstBlock, long blockCount) {
        if (!xfs.kernel().bug(KnownBug.ALLOC_FAULT_NO_BREAK) || !ip.isDax() || ip.mapdcount() == 0) {
            return 0;
        }
        for (long b = firstBlock; b < firstBlock + blockCount; b++) {
            WriteNeed need = ip.map().writeNeed(b);
            if (need == WriteNeed.ALLOCATE || need == WriteNeed.CONVERT
                    || need == WriteNeed.COPY_ON_WRITE && !xfs.kernel().bug(KnownBug.REFLINK_MISSED)) {
                return Errno.ETXTBSY.negative();
            }
        }
        return 0;
    }

    private int breakBoth(XfsInode first, XfsInode second, XfsLayouts.LockMode lockMode) {
        int error = xfs.layouts().breakLayouts(first, lockMode);
        if (error == 0 && second != first) {
            error = xfs.layouts().breakLayouts(second, lockMode);
        } else if (second != first) {
            xfs.layouts().skipBreak(second, lockMode);
        }
        if (error == 0) {
            error = xfs.layouts().refuseSharingPinned(first);
        }
        if (error == 0 && second != first) {
            error = xfs.layouts().refuseSharingPinned(second);
        }
        return error;
    }

    private int remap(XfsInode source, XfsInode dest, RemapRange range) {
        long destFirst = block(range.destOffsetBytes());
        long count = ExtentMap.blocksForBytes(range.lengthBytes());
        xfs.data().writeback(source);
        xfs.data().writeback(dest);
        dest.mapping().unmapMappingRange(range.destOffsetBytes(), count * Mm.PAGE_SIZE);
        // The source's blocks become shared: no mapping may keep writing them in place. The kernel's
        // remap prep writes the source back (filemap_write_and_wait_range(), which for DAX
        // write-protects every PTE: dax_writeback_mapping_range()), so the next store faults and
        // copies on write; the model zaps instead, which also makes the next load refault. Without it
        // a PTE and an ODP translation taken before the clone kept the old block after a later
        // copy-on-write gave it to the clone alone (seed 424242 case 17903, ODP_COHERENT).
        source.mapping().unmapMappingRange(range.srcOffsetBytes(), count * Mm.PAGE_SIZE);
        xfs.data().dropCache(dest, destFirst, count);
        ReflinkUpdate update = ExtentMap.reflinkRange(source.map(), block(range.srcOffsetBytes()), dest.map(),
                destFirst, count);
        long end = range.destOffsetBytes() + range.lengthBytes();
        if (update.isOk() && end > dest.sizeBytes()) {
            dest.setSizeBytes(end);
        }
        return update.rc();
    }

    @Override
    public String name() {
        return "xfs_file_operations";
    }
}
