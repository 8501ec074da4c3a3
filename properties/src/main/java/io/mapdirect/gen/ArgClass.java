package io.mapdirect.gen;

import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.syscalls.FileCalls;
import java.util.List;
import java.util.Map;

/**
 * The argument classes of generated calls, named the way {@link GeneratorCoverage} reports them:
 * byte lengths and offsets by value, mmap flags by combination, files by kind, processes by
 * credentials.
 */
final class ArgClass {
    /** The byte classes, in report order. */
    static final List<String> BYTES = List.of("0", "1", "aligned", "4097", "6000", "size-1", "size+1");
    /** The mmap flag combinations, in report order ({@link ArgValues#MAP_FLAG_COMBINATIONS}). */
    static final List<String> MAP_FLAGS = List.of("SHARED", "PRIVATE", "SHARED_VALIDATE",
            "SHARED_VALIDATE|0x80000", "SHARED|0x80000", "SHARED_VALIDATE|unknown", "SHARED|unknown");
    /** The file kinds a mapping can be of. */
    static final List<String> FILE_KINDS = List.of("XFS DAX", "XFS non-DAX", "ramfs", "device-dax");
    /** The credential classes of a process, in report order. */
    static final List<String> CREDS = List.of("owner", "not owner", "owner by fsuid only", "owner by uid only",
            "CAP_LEASE", "CAP_DAC_OVERRIDE", "CAP_FOWNER");
    /** The profiles, by their corpus names. */
    static final List<FlagProfile> PROFILES = List.of(FlagProfile.SEED_2017, FlagProfile.LINUX_6X);

    private static final Map<Integer, String> FALLOC_MODE_NAMES = Map.of(
            0, "0", FileCalls.FALLOC_FL_KEEP_SIZE, "KEEP_SIZE",
            FileCalls.FALLOC_FL_PUNCH_HOLE | FileCalls.FALLOC_FL_KEEP_SIZE, "PUNCH_HOLE|KEEP_SIZE",
            FileCalls.FALLOC_FL_PUNCH_HOLE, "PUNCH_HOLE",
            FileCalls.FALLOC_FL_COLLAPSE_RANGE, "COLLAPSE_RANGE",
            FileCalls.FALLOC_FL_ZERO_RANGE, "ZERO_RANGE",
            FileCalls.FALLOC_FL_ZERO_RANGE | FileCalls.FALLOC_FL_KEEP_SIZE, "ZERO_RANGE|KEEP_SIZE",
            FileCalls.FALLOC_FL_INSERT_RANGE, "INSERT_RANGE",
            FileCalls.FALLOC_FL_UNSHARE_RANGE, "UNSHARE_RANGE");

    private ArgClass() {
    }

    /** The class of a byte length or offset; {@code other} for a value of none of the listed classes. */
    static String ofBytes(long value) {
        if (value == 0 || value == 1 || value == CaseGen.PAGE + 1 || value == 6000) {
            return Long.toString(value);
        }
        if (value == ArgValues.FILE_BYTES - 1) {
            return "size-1";
        }
        if (value == ArgValues.FILE_BYTES + 1) {
            return "size+1";
        }
        return value > 0 && value % CaseGen.PAGE == 0 ? "aligned" : "other";
    }

    /** The class of mmap {@code flags}; {@code other} for a combination not listed (anonymous mappings, say). */
    static String ofMapFlags(int flags) {
        int type = MmapFlags.mapType(flags);
        int extra = flags & ~MmapFlags.MAP_TYPE;
        String typeName = switch (type) {
            case MmapFlags.MAP_SHARED -> "SHARED";
            case MmapFlags.MAP_PRIVATE -> "PRIVATE";
            case MmapFlags.MAP_SHARED_VALIDATE -> "SHARED_VALIDATE";
            default -> null;
        };
        String extraName = switch (extra) {
            case 0 -> "";
            case ArgValues.DIRECT_OR_SYNC -> "|0x80000";
            case ArgValues.UNKNOWN_MAP_BIT -> "|unknown";
            default -> null;
        };
        String name = typeName == null || extraName == null ? "other" : typeName + extraName;
        return MAP_FLAGS.contains(name) ? name : "other";
    }

    /** The kind of the file at {@code path}; null for none of the listed kinds. */
    static String ofPath(String path, boolean xfsDax) {
        if (path.startsWith("/xfs/")) {
            return xfsDax ? "XFS DAX" : "XFS non-DAX";
        }
        if (path.startsWith("/plain/")) {
            return "ramfs";
        }
        return path.startsWith("/dev/") ? "device-dax" : null;
    }

    /** A fallocate mode's name (as the corpus writes it, {@code 0} for plain allocation). */
    static String fallocMode(int mode) {
        return FALLOC_MODE_NAMES.getOrDefault(mode, "0x" + Integer.toHexString(mode));
    }

    /** The corpus name of a profile. */
    static String profile(FlagProfile profile) {
        return profile == FlagProfile.SEED_2017 ? "seed-2017" : "linux-6.x";
    }
}
