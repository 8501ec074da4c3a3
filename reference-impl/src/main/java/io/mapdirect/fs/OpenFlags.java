package io.mapdirect.fs;

/** {@code open(2)} flags and {@code FMODE_*} bits with their x86-64 values. */
public final class OpenFlags {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_ACCMODE = 03;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_NONBLOCK = 04000;

    public static final int FMODE_READ = 0x1;
    public static final int FMODE_WRITE = 0x2;

    private OpenFlags() {
    }

    /** {@code FMODE_*} for an access mode; -1 for the invalid mode 3. */
    public static int fmodeOf(int flags) {
        return switch (flags & O_ACCMODE) {
            case O_RDONLY -> FMODE_READ;
            case O_WRONLY -> FMODE_WRITE;
            case O_RDWR -> FMODE_READ | FMODE_WRITE;
            default -> -1;
        };
    }

    /** {@code "O_RDWR|O_CREAT"}. */
    public static String describe(int flags) {
        StringBuilder out = new StringBuilder(switch (flags & O_ACCMODE) {
            case O_RDONLY -> "O_RDONLY";
            case O_WRONLY -> "O_WRONLY";
            case O_RDWR -> "O_RDWR";
            default -> "O_ACCMODE";
        });
        if ((flags & O_CREAT) != 0) {
            out.append("|O_CREAT");
        }
        if ((flags & O_EXCL) != 0) {
            out.append("|O_EXCL");
        }
        if ((flags & O_TRUNC) != 0) {
            out.append("|O_TRUNC");
        }
        if ((flags & O_NONBLOCK) != 0) {
            out.append("|O_NONBLOCK");
        }
        return out.toString();
    }
}
