package io.mapdirect.fs;

import io.mapdirect.kernel.KEvent;

/** Events of the VFS layer. */
public final class FsEvents {
    private FsEvents() {
    }

    /** {@code i_mapdcount} of an inode changed to {@code value} [03]. */
    public record MapdcountChanged(long ino, int value) implements KEvent { }

    /** SIGIO was sent through fasync for {@code fd} to {@code pid} (or nobody, pid 0) [02] [04]. */
    public record SigioSent(long ino, int pid, int fd, String lease) implements KEvent { }

    /** A file was opened ({@code open}) or its last reference dropped ({@code release}). */
    public record FileLifecycle(long ino, String file, String what) implements KEvent { }

    /** An inode's size changed. */
    public record SizeChanged(long ino, long oldSizeBytes, long newSizeBytes) implements KEvent { }
}
