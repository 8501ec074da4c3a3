package io.mapdirect.fs.mapdirect;

import io.mapdirect.fs.FasyncStruct;
import io.mapdirect.fs.File;
import io.mapdirect.fs.Inode;
import io.mapdirect.kernel.KObject;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.mm.Vma;
import io.mapdirect.sim.DelayedWork;

/**
 * {@code struct map_direct_state} [04]: two reference counts ({@code mds_ref} for the state,
 * {@code mds_vmaref} for the VMAs sharing it), the VALID and BREAK bits, the inode, the delayed
 * invalidation work, the fasync entry for SIGIO and the VMA pointer. The model adds the mapped
 * file ({@code mdsFile}), which the repaired paths unlock through instead of the VMA
 * ({@code Repair.PUT_VMA_READS_STATE}, and the known bug INVALIDATE_AFTER_VMA_CLOSE).
 *
 * @kernel fs/mapdirect.c struct map_direct_state [04]
 * @departure bookkeeping the extra field mds_file is read only where a repair or a fixed known
 *     bug replaces a read of mds_vma->vm_file; as posted those reads go through the VMA
 */
public final class MapDirectState extends KObject {
    private int ref;
    private int vmaref;
    private boolean valid;
    private boolean breaking;
    private boolean workScheduled;
    private final Inode inode;
    private final File file;
    private DelayedWork work;
    private FasyncStruct fasync;
    private Vma vma;
    private Runnable faultFlush = () -> { };

    MapDirectState(Kernel kernel, Inode inode, File file, Vma vma) {
        super(kernel, "map_direct_state");
        this.inode = inode;
        this.file = file;
        this.vma = vma;
        this.ref = 1;
        this.vmaref = 1;
        this.valid = true;
    }

    /**
     * Mirrors {@code is_map_direct_valid()} [04].
     *
     * @kernel fs/mapdirect.c is_map_direct_valid() [04]
     */
    public boolean isValid() {
        use("is_map_direct_valid");
        return valid;
    }

    /**
     * Mirrors {@code is_map_direct_broken()} [08].
     *
     * @kernel fs/mapdirect.c is_map_direct_broken() [08]
     */
    public boolean isBroken() {
        use("is_map_direct_broken");
        return breaking;
    }

    /** VALID without touching the object's lifetime: for checkers and reports, never for model code. */
    public boolean peekValid() {
        return valid;
    }

    /** BREAK without touching the object's lifetime: for checkers and reports. */
    public boolean peekBroken() {
        return breaking;
    }

    /** {@code test_and_set_bit(MAPDIRECT_BREAK)}: returns the old value. */
    boolean testAndSetBreak() {
        use("test_and_set_bit(MAPDIRECT_BREAK)");
        boolean old = breaking;
        breaking = true;
        return old;
    }

    void setBreak() {
        use("set_bit(MAPDIRECT_BREAK)");
        breaking = true;
    }

    void clearValid() {
        use("clear_bit(MAPDIRECT_VALID)");
        valid = false;
    }

    public Inode inode() {
        use("mds_inode");
        return inode;
    }

    /** The file the mapping was made on (model addition). */
    public File file() {
        use("mds_file");
        return file;
    }

    /** {@code mds_vma}: the first VMA, cleared when the last VMA closes. */
    public Vma vma() {
        use("mds_vma");
        return vma;
    }

    void clearVma() {
        use("mds_vma");
        vma = null;
    }

    /**
     * How the filesystem flushes in-flight faults (XFS: take and drop {@code XFS_MMAPLOCK}
     * exclusively [06]); set at registration.
     */
    public void setFaultFlush(Runnable faultFlush) {
        this.faultFlush = faultFlush;
    }

    Runnable faultFlush() {
        return faultFlush;
    }

    DelayedWork work() {
        return work;
    }

    void setWork(DelayedWork work) {
        this.work = work;
    }

    FasyncStruct fasync() {
        return fasync;
    }

    void setFasync(FasyncStruct fasync) {
        this.fasync = fasync;
    }

    int ref() {
        return ref;
    }

    void refInc() {
        use("mds_ref");
        ref++;
    }

    /** {@code atomic_dec_and_test(&mds->mds_ref)}. */
    boolean refDecAndTest() {
        use("mds_ref");
        return --ref == 0;
    }

    /** Number of VMAs sharing the state ({@code mds_vmaref}). */
    public int vmaref() {
        return vmaref;
    }

    void vmarefInc() {
        use("mds_vmaref");
        vmaref++;
    }

    boolean vmarefDecAndTest() {
        use("mds_vmaref");
        return --vmaref == 0;
    }

    boolean workScheduled() {
        return workScheduled;
    }

    void setWorkScheduled(boolean scheduled) {
        workScheduled = scheduled;
    }
}
