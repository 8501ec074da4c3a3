package io.mapdirect.fs;

import io.mapdirect.kernel.KObject;
import io.mapdirect.kernel.Kernel;

/**
 * {@code struct file_lock} used as a lease: a read or write lease ({@code FL_LEASE}, fcntl) or a
 * layout lease ({@code FL_LAYOUT}, taken by MAP_DIRECT and by RDMA registration), its owner, file,
 * callbacks, fasync entry and break bookkeeping.
 */
public final class FileLock extends KObject {
    public static final int F_RDLCK = 0;
    public static final int F_WRLCK = 1;
    public static final int F_UNLCK = 2;
    /**
     * The 2019 layout-lease RFC's fcntl flag ({@code #define F_LAYOUT 16}): {@code F_SETLEASE} with
     * {@code F_RDLCK | F_LAYOUT} takes a layout lease ({@link #FL_LAYOUT}) instead of a read lease.
     */
    public static final int F_LAYOUT = 16;

    public static final int FL_LEASE = 32;
    public static final int FL_DOWNGRADE_PENDING = 256;
    public static final int FL_UNLOCK_PENDING = 512;
    public static final int FL_LAYOUT = 2048;

    private int flags;
    private int type;
    private Object owner;
    private File file;
    private LeaseManagerOperations lmops;
    private FasyncStruct fasync;
    private long breakTimeNs;
    private long downgradeTimeNs;
    private long breakStartedNs = -1;
    private int pid;
    private long changes;

    public FileLock(Kernel kernel) {
        super(kernel, "file_lock");
    }

    /** {@code locks_init_lock()} + the fields a lease sets. */
    public void init(int flags, int type, Object owner, File file, LeaseManagerOperations lmops, int pid) {
        this.flags = flags;
        this.type = type;
        this.owner = owner;
        this.file = file;
        this.lmops = lmops;
        this.pid = pid;
    }

    public int flags() {
        use("fl_flags");
        return flags;
    }

    public void setFlags(int flags) {
        use("fl_flags");
        this.flags = flags;
    }

    public boolean isLayout() {
        return (flags() & FL_LAYOUT) != 0;
    }

    public int type() {
        use("fl_type");
        return type;
    }

    public void setType(int type) {
        use("fl_type");
        this.type = type;
    }

    /** {@code fl_owner}: the filp for fcntl leases, the map_direct_state or lease_direct_state otherwise. */
    public Object owner() {
        use("fl_owner");
        return owner;
    }

    public File file() {
        use("fl_file");
        return file;
    }

    public LeaseManagerOperations lmops() {
        use("fl_lmops");
        return lmops;
    }

    public FasyncStruct fasync() {
        use("fl_fasync");
        return fasync;
    }

    public void setFasync(FasyncStruct fasync) {
        use("fl_fasync");
        this.fasync = fasync;
    }

    /** {@code fl_break_time} as an absolute virtual time; 0 = no timeout (the owner unlocks itself). */
    public long breakTimeNs() {
        use("fl_break_time");
        return breakTimeNs;
    }

    public void setBreakTimeNs(long breakTimeNs) {
        use("fl_break_time");
        this.breakTimeNs = breakTimeNs;
    }

    public long downgradeTimeNs() {
        return downgradeTimeNs;
    }

    public void setDowngradeTimeNs(long downgradeTimeNs) {
        this.downgradeTimeNs = downgradeTimeNs;
    }

    /** When the current break began (virtual time), or -1. */
    public long breakStartedNs() {
        return breakStartedNs;
    }

    public void setBreakStartedNs(long breakStartedNs) {
        this.breakStartedNs = breakStartedNs;
    }

    public int pid() {
        return pid;
    }

    /**
     * How often this lease changed (type, pending flags cleared, removal). A breaker blocked on the lease
     * ({@code locks_insert_block}) is unblocked by the next change ({@code locks_wake_up_blocks}); it
     * notes this count when it blocks and waits until it moves.
     */
    public long changes() {
        return changes;
    }

    /** Counts a change: see {@link #changes()}. */
    public void noteChange() {
        changes++;
    }

    /** {@code lease_breaking()}: an unlock or downgrade is pending. */
    public boolean isBreaking() {
        return (flags() & (FL_UNLOCK_PENDING | FL_DOWNGRADE_PENDING)) != 0;
    }

    /** {@code target_leasetype()}: what the lease will be once the pending break completes. */
    public int targetType() {
        int f = flags();
        if ((f & FL_UNLOCK_PENDING) != 0) {
            return F_UNLCK;
        }
        if ((f & FL_DOWNGRADE_PENDING) != 0) {
            return F_RDLCK;
        }
        return type();
    }

    public static String typeName(int type) {
        if ((type & F_LAYOUT) != 0) {
            return typeName(type & ~F_LAYOUT) + "|F_LAYOUT";
        }
        return switch (type) {
            case F_RDLCK -> "F_RDLCK";
            case F_WRLCK -> "F_WRLCK";
            case F_UNLCK -> "F_UNLCK";
            default -> "F_" + type;
        };
    }
}
