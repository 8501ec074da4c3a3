package io.mapdirect.mm;

import static io.mapdirect.kernel.FlagProfile.LINUX_6X;
import static io.mapdirect.kernel.FlagProfile.SEED_2017;
import static io.mapdirect.mm.MmapFlags.*;
import static io.mapdirect.mm.OpenMode.*;

import io.mapdirect.kernel.FlagProfile;
import java.util.List;

/** For each row of {@link MmapDecisionTable}, a call that row decides (spec §2.5 / 7, [01] [06], mm/mmap.c). */
final class MmapRowWitnesses {
    /** The name used for "no row: the mapping is made". */
    static final String MAPPED = "mapped";

    record Witness(String row, FlagProfile profile, MmapRequest request, MmapFile file, MmapEnv env) { }

    private static final int RW = PROT_READ | PROT_WRITE;
    private static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS;
    private static final int ANON_HUGE = ANON | MAP_HUGETLB | MAP_NORESERVE;
    private static final MmapEnv USER = MmapEnv.unprivileged();
    private static final MmapEnv ROOT = MmapEnv.root();
    private static final MmapFile TMPFS = MmapFile.open(O_RDWR, FileOps.tmpfs());
    private static final MmapFile NONE = MmapFile.BAD_FD;

    static final List<Witness> ALL = List.of(
            w(MAPPED, LINUX_6X, req(RW, MAP_SHARED), TMPFS, USER),
            w("sys_mmap: unaligned offset", LINUX_6X, req(RW, MAP_SHARED).withOffsetBytes(1), TMPFS, USER),
            w("bad fd", LINUX_6X, req(RW, MAP_SHARED), NONE, USER),
            w("MAP_HUGETLB outside hugetlbfs", LINUX_6X, req(RW, MAP_SHARED | MAP_HUGETLB), TMPFS, USER),
            w("no such huge page size", LINUX_6X, req(RW, ANON_HUGE | (16 << MAP_HUGE_SHIFT)), NONE, USER),
            w("zero length", SEED_2017, req(RW, MAP_SHARED).withLengthBytes(0), TMPFS, USER),
            w("page-aligned length wraps", SEED_2017, req(RW, MAP_SHARED).withLengthBytes(-4095L), TMPFS, USER),
            w("longer than TASK_SIZE", LINUX_6X, req(RW, ANON).withLengthBytes(1L << 57), NONE, USER),
            w("hugetlb MAP_FIXED misaligned", LINUX_6X, req(RW, ANON_HUGE | MAP_FIXED).withAddr(PAGE_SIZE), NONE, ROOT),
            w("MAP_32BIT window", LINUX_6X, req(RW, ANON_HUGE | MAP_32BIT | MAP_HUGE_1GB), NONE, ROOT),
            w("no room above mmap_min_addr", LINUX_6X, req(RW, ANON).withLengthBytes(MmapEnv.X86_64_TASK_SIZE), NONE, USER),
            w("MAP_FIXED end beyond TASK_SIZE", LINUX_6X,
                req(RW, ANON | MAP_FIXED).withAddr(MmapEnv.X86_64_TASK_SIZE - PAGE_SIZE).withLengthBytes(2 * PAGE_SIZE),
                NONE, ROOT),
            w("MAP_FIXED unaligned", LINUX_6X, req(RW, ANON | MAP_FIXED).withAddr(65537), NONE, USER),
            w("MAP_FIXED below mmap_min_addr", SEED_2017, req(RW, ANON | MAP_FIXED), NONE, USER),
            w("cannot mlock", LINUX_6X, req(RW, ANON | MAP_LOCKED), NONE, USER.withMemlock(0, 0)),
            w("mlock limit", SEED_2017, req(RW, ANON | MAP_LOCKED).withLengthBytes(2 * PAGE_SIZE), NONE,
                USER.withMemlock(PAGE_SIZE, 0)),
            w("file_mmap_ok", LINUX_6X, req(RW, MAP_SHARED).withOffsetBytes(0x7ffffffffffff000L), TMPFS, USER),
            w("file: bad map type", SEED_2017, req(RW, 0), TMPFS, USER),
            w("seed: VALIDATE without hook", SEED_2017, req(RW, MAP_SHARED_VALIDATE | MAP_DIRECT),
                MmapFile.open(O_RDWR, FileOps.ext4()), USER),
            w("6.x: VALIDATE beyond mask", LINUX_6X, req(RW, MAP_SHARED_VALIDATE | 0x200), TMPFS, USER),
            w("shared write on read-only fd", LINUX_6X, req(RW, MAP_SHARED), MmapFile.open(O_RDONLY, FileOps.tmpfs()), USER),
            w("shared on append-only", SEED_2017, req(PROT_READ, MAP_SHARED),
                MmapFile.open(O_RDWR, FileOps.xfs().withAppendOnly(true)), USER),
            w("fd not readable", LINUX_6X, req(PROT_READ, MAP_PRIVATE), MmapFile.open(O_WRONLY, FileOps.tmpfs()), USER),
            w("exec on noexec", LINUX_6X, req(PROT_READ | PROT_EXEC, MAP_PRIVATE),
                MmapFile.open(O_RDONLY, FileOps.tmpfs().withNoexecMount(true)), USER),
            w("no ->mmap", LINUX_6X, req(PROT_READ, MAP_PRIVATE), MmapFile.open(O_RDONLY, FileOps.directory("dir")), USER),
            w("file growsdown", SEED_2017, req(RW, MAP_PRIVATE | MAP_GROWSDOWN), TMPFS, USER),
            w("anon shared growsdown", LINUX_6X, req(RW, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN), NONE, USER),
            w("droppable locked/hugetlb/growsdown", LINUX_6X, req(RW, MAP_DROPPABLE | MAP_ANONYMOUS | MAP_LOCKED), NONE, ROOT),
            w("anon: bad map type", SEED_2017, req(RW, MAP_DROPPABLE | MAP_ANONYMOUS), NONE, USER),
            w("seed: xfs validate hook", SEED_2017, req(RW, MAP_SHARED_VALIDATE | MAP_DIRECT | 0x200),
                MmapFile.open(O_RDWR, FileOps.xfsDax()), USER),
            w("hugetlbfs: pgoff beyond loff_t", SEED_2017, req(RW, ANON_HUGE).withOffsetBytes(Long.MIN_VALUE), NONE, USER),
            w("hugetlbfs: pgoff misaligned", LINUX_6X, req(RW, ANON_HUGE).withOffsetBytes(PAGE_SIZE), NONE, USER),
            w("hugetlbfs: end beyond loff_t", SEED_2017,
                req(RW, ANON_HUGE).withOffsetBytes(0x7fffffffffe00000L).withLengthBytes(2L << 20), NONE, USER),
            w("hugetlbfs: no pages to reserve", LINUX_6X, req(RW, ANON | MAP_HUGETLB), NONE, USER),
            w("6.x: VM_SYNC without DAX", LINUX_6X, req(RW, MAP_SHARED | MAP_SYNC), MmapFile.open(O_RDWR, FileOps.ext4()),
                USER));

    private MmapRowWitnesses() {
    }

    private static Witness w(String row, FlagProfile profile, MmapRequest request, MmapFile file, MmapEnv env) {
        return new Witness(row, profile, request, file, env);
    }

    private static MmapRequest req(int prot, int flags) {
        return MmapRequest.of(PAGE_SIZE, prot, flags);
    }
}
