package io.mapdirect.fs;

import io.mapdirect.kernel.KObject;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SignalTarget;

/**
 * {@code struct fasync_struct}: "send SIGIO for fd {@code faFd} of this file". Leases hang one off
 * {@code fl_fasync}; the break sends SIGIO through it to the file's owner [02] [04].
 */
public final class FasyncStruct extends KObject {
    private int faFd;
    private final File faFile;

    public FasyncStruct(Kernel kernel, int faFd, File faFile) {
        super(kernel, "fasync_struct");
        this.faFd = faFd;
        this.faFile = faFile;
    }

    public int fd() {
        return faFd;
    }

    /** {@code fa->fa_fd = fd}, as {@code fasync_insert_entry()} does for a file already on the list. */
    public void setFd(int fd) {
        use("fasync_insert_entry");
        this.faFd = fd;
    }

    public File file() {
        return faFile;
    }

    /**
     * Mirrors {@code kill_fasync(&fa, SIGIO, POLL_MSG)} → {@code send_sigio()}: signals the file's
     * owner for {@code fa_fd}. A null {@code fa} (no fasync registered) sends nothing.
     *
     * @kernel fs/fcntl.c kill_fasync()
     * @kernel fs/fcntl.c send_sigio()
     */
    public static void killFasync(Kernel kernel, FasyncStruct fa, long ino, String lease) {
        if (fa == null) {
            return;
        }
        fa.use("kill_fasync");
        SignalTarget owner = fa.faFile.owner();
        kernel.emit(new FsEvents.SigioSent(ino, owner == null ? 0 : owner.pid(), fa.faFd, lease));
        if (owner != null) {
            owner.sendSignal(Signal.SIGIO, fa.faFd);
        }
    }
}
