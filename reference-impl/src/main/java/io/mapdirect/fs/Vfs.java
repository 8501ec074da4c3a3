package io.mapdirect.fs;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.Kernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The mount table and the generic file-object life cycle. Paths are {@code /mountpoint/name} (a
 * flat namespace per mount). Layers above the VFS register what must happen on the last
 * {@code fput} (the lease core's {@code locks_remove_file}) with {@link #onFinalFput}, so the VFS
 * stays below them.
 */
public final class Vfs {
    private final Kernel kernel;
    private final Map<String, SuperBlock> mounts = new TreeMap<>();
    private final List<Consumer<File>> finalFputHooks = new ArrayList<>();

    public Vfs(Kernel kernel) {
        this.kernel = kernel;
    }

    public Kernel kernel() {
        return kernel;
    }

    public void mount(SuperBlock superBlock) {
        mounts.put(superBlock.mountPoint(), superBlock);
    }

    public List<SuperBlock> superBlocks() {
        return List.copyOf(mounts.values());
    }

    /** A resolved path: the filesystem and the name in it. */
    public record PathName(SuperBlock superBlock, String name) { }

    /** Splits {@code /mount/name}; null if no such mount or the name is empty or nested. */
    public PathName resolve(String path) {
        int slash = path.lastIndexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            return null;
        }
        SuperBlock superBlock = mounts.get(path.substring(0, slash));
        return superBlock == null ? null : new PathName(superBlock, path.substring(slash + 1));
    }

    /**
     * Mirrors {@code path_lookupat()}: the inode at {@code path}, or null.
     *
     * @kernel fs/namei.c path_lookupat()
     */
    public Inode lookup(String path) {
        PathName name = resolve(path);
        return name == null ? null : name.superBlock().lookup(name.name());
    }

    /**
     * Mirrors {@code alloc_empty_file()} + {@code do_dentry_open()}: allocates the file (honouring
     * allocation-failure injection), counts it as a reader or writer of the inode, breaks leases
     * ({@code break_lease(inode, f_flags)}, given by the caller so that the VFS stays below the lease
     * core), calls {@code ->open} and links it to the inode. As in 6.x the file counts before the break:
     * while a writer's open sleeps in the break, the lease holder gets EAGAIN renewing its lease (found by
     * the live-kernel oracle, {@code LeaseLiveKernelProperties}). A failed break undoes the counting.
     *
     * @kernel fs/file_table.c get_empty_filp()
     * @kernel fs/open.c do_dentry_open()
     */
    public KResult<File> openFile(Inode inode, String path, int fMode, int flags, IntSupplier breakLease) {
        File file = kernel.kmem().kzalloc("file", () -> new File(kernel, this, inode, path, fMode, flags,
                inode.superBlock().fileOperations()));
        if (file == null) {
            return KResult.err(Errno.ENOMEM);
        }
        inode.fileOpened(file);
        int rc = breakLease.getAsInt();
        if (rc == 0) {
            rc = file.fOp().open(inode, file);
        }
        if (rc != 0) {
            inode.fileReleased(file);
            kernel.kmem().kfree(file, "do_dentry_open");
            return KResult.errOf(rc);
        }
        kernel.emit(new FsEvents.FileLifecycle(inode.ino(), file.label(), "open " + OpenFlags.describe(flags)));
        return KResult.ok(file);
    }

    /** {@link #openFile(Inode, String, int, int, IntSupplier)} without a lease break. */
    public KResult<File> openFile(Inode inode, String path, int fMode, int flags) {
        return openFile(inode, path, fMode, flags, () -> 0);
    }

    /** Registers work to do on the last {@code fput} of any file, before {@code ->release}. */
    public void onFinalFput(Consumer<File> hook) {
        finalFputHooks.add(hook);
    }

    void finalFput(File file) {
        for (Consumer<File> hook : finalFputHooks) {
            hook.accept(file);
        }
    }
}
