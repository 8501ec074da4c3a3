package io.mapdirect.fs;

import java.util.Map;
import java.util.TreeMap;

/** {@code struct files_struct}: fd to {@code struct file}, lowest free fd first. */
public final class FdTable {
    private final TreeMap<Integer, File> files = new TreeMap<>();

    /**
     * Mirrors {@code get_unused_fd_flags()} + {@code fd_install()}: the lowest free fd.
     *
     * @kernel fs/file.c get_unused_fd_flags()
     * @kernel fs/file.c fd_install()
     */
    public int install(File file) {
        int fd = 0;
        for (int used : files.keySet()) {
            if (used != fd) {
                break;
            }
            fd++;
        }
        files.put(fd, file);
        return fd;
    }

    /**
     * Mirrors {@code fcheck()}: the file at {@code fd}, or null.
     *
     * @kernel include/linux/fdtable.h fcheck()
     */
    public File get(int fd) {
        return files.get(fd);
    }

    /** Removes {@code fd} and returns its file (the caller drops the reference), or null. */
    public File remove(int fd) {
        return files.remove(fd);
    }

    /**
     * Mirrors {@code dup_fd()} at fork: the child shares every open file.
     *
     * @kernel fs/file.c dup_fd()
     */
    public FdTable dup() {
        FdTable copy = new FdTable();
        for (Map.Entry<Integer, File> entry : files.entrySet()) {
            entry.getValue().get();
            copy.files.put(entry.getKey(), entry.getValue());
        }
        return copy;
    }

    /** Every fd and file, by fd. */
    public Map<Integer, File> entries() {
        return new TreeMap<>(files);
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }
}
