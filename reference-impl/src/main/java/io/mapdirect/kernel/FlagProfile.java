package io.mapdirect.kernel;

/** Which mmap flag rules the model follows (spec §2.5). */
public enum FlagProfile {
    /** The seed's rules: LEGACY_MAP_MASK and {@code ->mmap_validate()} [01] [02], MAP_DIRECT = 0x80000. */
    SEED_2017,
    /** Merged Linux: per-file {@code mmap_supported_flags}, MAP_SYNC = 0x80000, later flags such as MAP_FIXED_NOREPLACE. */
    LINUX_6X
}
