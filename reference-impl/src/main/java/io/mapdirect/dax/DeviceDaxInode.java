package io.mapdirect.dax;

import io.mapdirect.fs.Inode;
import io.mapdirect.fs.SuperBlock;
import io.mapdirect.kernel.Kernel;

/**
 * The inode of a device-dax instance ({@code /dev/daxN.M}): a character device over the fixed
 * physical range {@code [basePfn, basePfn + pages)}. The file's inode is the dax inode itself (4.14's
 * {@code dax_open()} only points {@code f_mapping} at it: the /dev node's inode is another), and it
 * accepts layout leases ({@link io.mapdirect.kernel.Repair#DEVDAX_ACCEPTS_LAYOUT_LEASES}).
 *
 * @kernel drivers/dax/device.c dax_open()
 * @departure repair DEVDAX_ACCEPTS_LAYOUT_LEASES
 */
public final class DeviceDaxInode extends Inode {
    private final long basePfn;
    private final long pages;
    private boolean alive = true;
    private boolean released;
    private java.util.function.BooleanSupplier stillPinned = () -> false;

    DeviceDaxInode(Kernel kernel, SuperBlock superBlock, int uid, long basePfn, long pages) {
        super(kernel, superBlock, uid, S_IFCHR | 0666);
        this.basePfn = basePfn;
        this.pages = pages;
        setSizeBytes(pages * 4096);
        setDaxFlag(true);
    }

    public long basePfn() {
        return basePfn;
    }

    public long pages() {
        return pages;
    }

    /** {@code dax_alive()}: false once {@code kill_dax()} ran. */
    public boolean alive() {
        return alive;
    }

    void kill() {
        alive = false;
    }

    /**
     * The range stays this instance's until the shutdown has released it: after the layouts were
     * broken and waited for (2017 designs) or, in merged Linux, once no page of it is pinned any more
     * (the device's page map waits for its last reference before the range can be reused).
     */
    @Override
    public long pfnAt(long fileBlock) {
        if (fileBlock < 0 || fileBlock >= pages) {
            return -1;
        }
        boolean owned = !released || stillPinned.getAsBoolean();
        return owned ? basePfn + fileBlock : -1;
    }

    /** Whether the shutdown released the range to whoever may own it next. */
    public boolean released() {
        return released;
    }

    void release(java.util.function.BooleanSupplier pinned) {
        this.released = true;
        this.stillPinned = pinned;
    }

    @Override
    public boolean acceptsLayoutLeases() {
        return true;
    }
}
