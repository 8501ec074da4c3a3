package io.mapdirect.mm;

import io.mapdirect.kernel.FlagProfile;

/**
 * The x86-64 / asm-generic values of mmap's {@code prot} and {@code flags} words, the two
 * {@code LEGACY_MAP_MASK}s, and the text form the corpus uses ({@code "SHARED_VALIDATE|DIRECT"}).
 *
 * <p>Values come from {@code include/uapi/asm-generic/mman-common.h}, {@code include/uapi/asm-generic/mman.h},
 * {@code arch/x86/include/uapi/asm/mman.h} and {@code include/uapi/linux/mman.h}. Bit 0x80000 has two
 * names: {@link #MAP_DIRECT} in the seed's asm-generic numbering [06] and {@link #MAP_SYNC} in merged
 * Linux; which one a word means depends on the {@link FlagProfile}.
 */
public final class MmapFlags {
    /** Bytes per page; every length and offset check of mmap works in these. */
    public static final long PAGE_SIZE = 4096;
    public static final int PAGE_SHIFT = 12;

    public static final int PROT_NONE = 0x0;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int PROT_EXEC = 0x4;
    /** Accepted and ignored by mmap on x86 (only mprotect and some arches look at it). */
    public static final int PROT_SEM = 0x8;
    /** mprotect-only: mmap ignores it (calc_vm_prot_bits() does not translate it). */
    public static final int PROT_GROWSDOWN = 0x01000000;
    /** mprotect-only: mmap ignores it. */
    public static final int PROT_GROWSUP = 0x02000000;

    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    /** [01]: "share + validate extension flags". */
    public static final int MAP_SHARED_VALIDATE = 0x03;
    /** Linux 6.11+ map type: anonymous memory the kernel may drop under pressure. */
    public static final int MAP_DROPPABLE = 0x08;
    public static final int MAP_TYPE = 0x0f;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_32BIT = 0x40;
    /** x86, Linux 6.6+ (shadow stacks); part of the 6.x LEGACY_MAP_MASK, unknown to the seed. */
    public static final int MAP_ABOVE4G = 0x80;
    public static final int MAP_GROWSDOWN = 0x100;
    public static final int MAP_DENYWRITE = 0x800;
    public static final int MAP_EXECUTABLE = 0x1000;
    public static final int MAP_LOCKED = 0x2000;
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MAP_POPULATE = 0x8000;
    public static final int MAP_NONBLOCK = 0x10000;
    public static final int MAP_STACK = 0x20000;
    public static final int MAP_HUGETLB = 0x40000;
    /** Linux 4.15+: synchronous page faults for fs-DAX (the merged successor of MAP_DIRECT's bit). */
    public static final int MAP_SYNC = 0x80000;
    /** [06]: the seed's asm-generic value, {@code #define MAP_DIRECT 0x80000}. */
    public static final int MAP_DIRECT = 0x80000;
    /** Linux 4.17+. Not in any LEGACY_MAP_MASK. */
    public static final int MAP_FIXED_NOREPLACE = 0x100000;
    /** Shares bit 26 with the huge page size field; only honoured on no-MMU kernels. */
    public static final int MAP_UNINITIALIZED = 0x4000000;

    /** The huge page size field: {@code log2(size)} in bits 26..31 when MAP_HUGETLB is set. */
    public static final int MAP_HUGE_SHIFT = 26;
    public static final int MAP_HUGE_MASK = 0x3f;
    public static final int MAP_HUGE_2MB = 21 << MAP_HUGE_SHIFT;
    public static final int MAP_HUGE_1GB = 30 << MAP_HUGE_SHIFT;

    /**
     * The seed's {@code LEGACY_MAP_MASK} [01] (include/linux/mman.h) on x86-64: 0x7c07f973.
     * MAP_UNINITIALIZED was 0 on 2017 MMU kernels without CONFIG_MMAP_ALLOW_UNINITIALIZED, but its bit
     * is covered by MAP_HUGE_2MB|MAP_HUGE_1GB anyway, so the mask is the same either way.
     */
    public static final int SEED_LEGACY_MAP_MASK = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS
            | MAP_DENYWRITE | MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE
            | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_32BIT | MAP_HUGE_2MB | MAP_HUGE_1GB;

    /**
     * {@code LEGACY_MAP_MASK} of include/linux/mman.h in Linux 6.6 and later on x86-64: the seed's mask
     * plus MAP_ABOVE4G, 0x7c07f9f3. MAP_SYNC, MAP_FIXED_NOREPLACE and MAP_DROPPABLE are not in it.
     */
    public static final int LINUX_6X_LEGACY_MAP_MASK = SEED_LEGACY_MAP_MASK | MAP_ABOVE4G;

    /** [06]: {@code #define XFS_MAP_SUPPORTED (LEGACY_MAP_MASK | MAP_DIRECT)}. */
    public static final int SEED_XFS_MAP_SUPPORTED = SEED_LEGACY_MAP_MASK | MAP_DIRECT;

    private MmapFlags() {
    }

    /** The profile's {@code LEGACY_MAP_MASK} (include/linux/mman.h, [01]). */
    public static int legacyMapMask(FlagProfile profile) {
        return profile == FlagProfile.SEED_2017 ? SEED_LEGACY_MAP_MASK : LINUX_6X_LEGACY_MAP_MASK;
    }

    /** {@code flags & MAP_TYPE}, what do_mmap() switches on [01]. */
    public static int mapType(int flags) {
        return flags & MAP_TYPE;
    }

    /** {@code (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK} as ksys_mmap_pgoff() reads it: log2 of the huge page size, 0 for the default. */
    public static int hugePageSizeLog(int flags) {
        return (flags >>> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
    }

    /**
     * The text form, 0x80000 named {@code DIRECT} (the seed's name; this suite is about MAP_DIRECT).
     * Use {@link #describe(FlagProfile, int)} to name it {@code SYNC} for the merged profile.
     */
    public static String describe(int flags) {
        return FlagText.describeFlags(flags, FlagProfile.SEED_2017);
    }

    /**
     * The text form: the map type's name first ({@code SHARED}, {@code PRIVATE}, {@code SHARED_VALIDATE},
     * {@code DROPPABLE}), then the named bits in ascending order, then the huge page size field
     * ({@code HUGE_2MB}, {@code HUGE_1GB}, {@code UNINITIALIZED} for its lowest bit alone), then any
     * remaining bits, an invalid map type included, as one hex token. {@code "0"} for no bits.
     * {@link #parse(String)} reads it back exactly.
     */
    public static String describe(FlagProfile profile, int flags) {
        return FlagText.describeFlags(flags, profile);
    }

    /**
     * Parses {@code "SHARED_VALIDATE|DIRECT"}-style text: names with or without {@code MAP_}, hex
     * ({@code 0x40000}) or decimal numbers, joined by {@code |} (spaces allowed). Both {@code DIRECT} and
     * {@code SYNC} give 0x80000. Tokens are OR-ed, so {@code SHARED|PRIVATE} is {@code SHARED_VALIDATE}.
     *
     * @throws FlagSyntaxException naming the first token that is neither a name nor a number
     */
    public static int parse(String text) {
        return FlagText.parseFlags(text);
    }

    /** The text form of a {@code prot} word: {@code "READ|WRITE"}, {@code "NONE"} for 0, unknown bits in hex. */
    public static String describeProt(int prot) {
        return FlagText.describeProt(prot);
    }

    /**
     * Parses a {@code prot} word ({@code "READ|WRITE"}, {@code "PROT_EXEC"}, {@code "NONE"}, numbers).
     *
     * @throws FlagSyntaxException naming the first unknown token
     */
    public static int parseProt(String text) {
        return FlagText.parseProt(text);
    }
}
