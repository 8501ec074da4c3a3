package io.mapdirect.mm;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.FlagProfile;

/**
 * The checks {@code mmap(2)} makes before it maps anything: offset, fd, length, address, lock limits,
 * map type and flags, file mode, and the file's own hook, in the order the kernel makes them, for the
 * seed's rules ({@link FlagProfile#SEED_2017}: [01] [02] [06]) or merged Linux's
 * ({@link FlagProfile#LINUX_6X}, checked against a live 6.18 kernel).
 *
 * <p>It answers what the kernel would: the errno of the first check that fails, or the flags, length
 * and VMA flags of the mapping to make. It does not know the caller's other mappings (except through
 * {@link AddressSpaceView} for MAP_FIXED_NOREPLACE's EEXIST), memory accounting, seals, LSMs or what
 * MAP_DIRECT does once accepted; those belong to the mmap implementation and the filesystems.
 * Mirrors x86-64 {@code sys_mmap()} -> {@code ksys_mmap_pgoff()} -> {@code do_mmap()} ->
 * {@code mmap_region()}'s hook call [01] [02].
 */
public final class MmapValidator {
    private MmapValidator() {
    }

    /** The verdict for {@code request} on {@code file} in an otherwise empty address space: mmap(2) [01] [02]. */
    public static MmapVerdict validate(FlagProfile profile, MmapRequest request, MmapFile file, MmapEnv env) {
        return validate(profile, request, file, env, AddressSpaceView.EMPTY);
    }

    /**
     * The verdict for {@code request} on {@code file}: mmap(2) [01] [02]; {@code space} answers the address-space
     * questions (MAP_FIXED_NOREPLACE's overlap, the MAP_32BIT window's free gaps).
     */
    public static MmapVerdict validate(FlagProfile profile, MmapRequest request, MmapFile file, MmapEnv env,
                                       AddressSpaceView space) {
        return new MmapCall(ProfileRules.of(profile), request, file, env, space).sysMmap();
    }

    /** The errno mmap(2) returns [01] [02], or null if the mapping would be made. */
    public static Errno check(FlagProfile profile, MmapRequest request, MmapFile file, MmapEnv env) {
        return validate(profile, request, file, env).errnoOrNull();
    }
}
