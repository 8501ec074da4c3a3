package io.mapdirect.mm;

/** The access mode a file was opened with ({@code O_ACCMODE}), as {@code f_mode} sees it. */
public enum OpenMode {
    O_RDONLY(0, true, false),
    O_WRONLY(1, false, true),
    O_RDWR(2, true, true);

    private final int value;
    private final boolean read;
    private final boolean write;

    OpenMode(int value, boolean read, boolean write) {
        this.value = value;
        this.read = read;
        this.write = write;
    }

    /** The {@code open(2)} flag value on Linux. */
    public int value() {
        return value;
    }

    /** {@code f_mode & FMODE_READ}. */
    public boolean canRead() {
        return read;
    }

    /** {@code f_mode & FMODE_WRITE}. */
    public boolean canWrite() {
        return write;
    }
}
