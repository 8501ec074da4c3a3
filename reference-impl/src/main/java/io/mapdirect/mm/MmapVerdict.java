package io.mapdirect.mm;

import io.mapdirect.kernel.Errno;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** What the mmap checks decide: the mapping may be made (with what), or the errno and where it came from. */
public sealed interface MmapVerdict {
    /**
     * Every check passed.
     *
     * @param effectiveFlags    the flags after the kernel's rewrites (the seed's downgrade of legacy-only
     *                          MAP_SHARED_VALIDATE to MAP_SHARED [01], 6.x's masking of MAP_SHARED to
     *                          LEGACY_MAP_MASK, MAP_FIXED_NOREPLACE implying MAP_FIXED)
     * @param lengthBytes       the length that will be mapped (page aligned, or huge page aligned)
     * @param vmFlags           the new VMA's flags as do_mmap() computed them
     * @param callsMmapValidate seed: mmap_region() calls {@code ->mmap_validate()} instead of {@code ->mmap()} [01] [02]
     */
    record Mapped(int effectiveFlags, long lengthBytes, Set<VmFlag> vmFlags, boolean callsMmapValidate)
            implements MmapVerdict {
        public Mapped {
            vmFlags = Collections.unmodifiableSet(
                    vmFlags.isEmpty() ? EnumSet.noneOf(VmFlag.class) : EnumSet.copyOf(vmFlags));
        }
    }

    /**
     * A check failed.
     *
     * @param errno the error mmap returns
     * @param where the kernel function and the check, e.g. {@code "do_mmap: flags & ~flags_mask"}
     */
    record Refused(Errno errno, String where) implements MmapVerdict { }

    /** The errno, or null for {@link Mapped}. */
    default Errno errnoOrNull() {
        return this instanceof Refused refused ? refused.errno() : null;
    }

    /** {@code "OK"} or the errno's name: the form reports and the differences table use. */
    default String brief() {
        return this instanceof Refused refused ? refused.errno().name() : "OK";
    }
}
