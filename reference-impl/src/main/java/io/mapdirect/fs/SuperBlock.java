package io.mapdirect.fs;

import io.mapdirect.kernel.Kernel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A mounted filesystem: its type name, mount point, whether it is mounted with {@code -o dax}, the
 * file operations of its files and a flat directory of named inodes.
 */
public final class SuperBlock {
    private final Kernel kernel;
    private final String typeName;
    private final String mountPoint;
    private final boolean daxMount;
    private final FileOperations fileOperations;
    private final Function<Creation, Inode> inodeFactory;
    private final Map<String, Inode> directory = new TreeMap<>();

    /** What a new inode is created with. */
    public record Creation(SuperBlock superBlock, int uid, int mode) { }

    public SuperBlock(Kernel kernel, String typeName, String mountPoint, boolean daxMount,
                      FileOperations fileOperations, Function<Creation, Inode> inodeFactory) {
        this.kernel = kernel;
        this.typeName = typeName;
        this.mountPoint = mountPoint;
        this.daxMount = daxMount;
        this.fileOperations = fileOperations;
        this.inodeFactory = inodeFactory;
    }

    public Kernel kernel() {
        return kernel;
    }

    public String typeName() {
        return typeName;
    }

    public String mountPoint() {
        return mountPoint;
    }

    /** Mounted with {@code -o dax}. */
    public boolean daxMount() {
        return daxMount;
    }

    public FileOperations fileOperations() {
        return fileOperations;
    }

    /** The inode named {@code name}, or null. */
    public Inode lookup(String name) {
        return directory.get(name);
    }

    /**
     * Creates a regular file owned by {@code uid}, mode 0666 (umask 0: the scenarios let every user write; leases, not modes,
     * are what the model is about); null on a filesystem that creates no files this way (device-dax's /dev).
     */
    public Inode create(String name, int uid) {
        Inode inode = inodeFactory.apply(new Creation(this, uid, Inode.S_IFREG | 0666));
        if (inode != null) {
            directory.put(name, inode);
        }
        return inode;
    }

    /** Registers an inode made elsewhere (device nodes). */
    public void link(String name, Inode inode) {
        directory.put(name, inode);
    }

    /** Every inode, by name. */
    public List<Inode> inodes() {
        return List.copyOf(directory.values());
    }

    /** Names, sorted. */
    public List<String> names() {
        return List.copyOf(directory.keySet());
    }
}
