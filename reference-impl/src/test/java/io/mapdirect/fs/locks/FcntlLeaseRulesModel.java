package io.mapdirect.fs.locks;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent model of the fcntl lease rules of spec §2.4 and 7 and scenario S20, written from
 * the rules rather than from the model's code: one file, open file descriptions owned by processes,
 * read and write leases with unlock and downgrade breaks, lazy time-outs at lease-break-time, SIGIO
 * counts. Opens are non-blocking (a conflicting open fails with EWOULDBLOCK while the break starts).
 * Results are 0 or a value, or a negative errno.
 */
final class FcntlLeaseRulesModel {
    static final int F_RDLCK = 0;
    static final int F_WRLCK = 1;
    static final int F_UNLCK = 2;
    static final int EAGAIN = -11;

    /** An open file description of the one file. */
    static final class OpenFile {
        final int process;
        final boolean write;
        boolean open = true;

        OpenFile(int process, boolean write) {
            this.process = process;
            this.write = write;
        }
    }

    /** A lease with its pending breaks (0 deadline: none). */
    static final class Lease {
        final OpenFile file;
        int type;
        boolean unlockPending;
        long unlockDeadlineNs;
        boolean downgradePending;
        long downgradeDeadlineNs;

        Lease(OpenFile file, int type) {
            this.file = file;
            this.type = type;
        }

        /** What F_GETLEASE answers. */
        int target() {
            return unlockPending ? F_UNLCK : downgradePending ? F_RDLCK : type;
        }
    }

    private final long leaseBreakTimeNs;
    private final List<OpenFile> files = new ArrayList<>();
    private final List<Lease> leases = new ArrayList<>();
    private final int[] sigio;

    FcntlLeaseRulesModel(int processes, long leaseBreakTimeNs) {
        this.leaseBreakTimeNs = leaseBreakTimeNs;
        this.sigio = new int[processes];
    }

    List<Lease> leases() {
        return leases;
    }

    int sigio(int process) {
        return sigio[process];
    }

    /** A leaseholder that ignores SIGIO loses (or is downgraded) once its deadline is reached. */
    private void expire(long nowNs) {
        for (Lease lease : List.copyOf(leases)) {
            if (lease.downgradeDeadlineNs != 0 && nowNs >= lease.downgradeDeadlineNs) {
                lease.type = F_RDLCK;
                lease.downgradePending = false;
                lease.downgradeDeadlineNs = 0;
            }
            if (lease.unlockDeadlineNs != 0 && nowNs >= lease.unlockDeadlineNs) {
                leases.remove(lease);
            }
        }
    }

    private Lease leaseOf(OpenFile file) {
        for (Lease lease : leases) {
            if (lease.file == file) {
                return lease;
            }
        }
        return null;
    }

    /** A non-blocking open: the new file, or null for EWOULDBLOCK after starting the breaks. */
    OpenFile open(int process, boolean read, boolean write, long nowNs) {
        if (!leases.isEmpty()) {
            expire(nowNs);
            boolean conflict = false;
            for (Lease lease : leases) {
                if (!write && lease.type != F_WRLCK) {
                    continue;
                }
                conflict = true;
                if (write && !lease.unlockPending) {
                    lease.unlockPending = true;
                    lease.unlockDeadlineNs = Math.max(1, nowNs + leaseBreakTimeNs);
                    sigio[lease.file.process]++;
                } else if (!write && !lease.unlockPending && !lease.downgradePending) {
                    lease.downgradePending = true;
                    lease.downgradeDeadlineNs = Math.max(1, nowNs + leaseBreakTimeNs);
                    sigio[lease.file.process]++;
                }
            }
            if (conflict) {
                return null;
            }
        }
        OpenFile file = new OpenFile(process, write);
        files.add(file);
        return file;
    }

    /** The last close removes the file's lease. */
    void close(OpenFile file) {
        file.open = false;
        files.remove(file);
        Lease lease = leaseOf(file);
        if (lease != null) {
            leases.remove(lease);
        }
    }

    /** F_SETLEASE: 0 or -EAGAIN (S20, spec §7). */
    int setLease(OpenFile file, int arg, long nowNs) {
        Lease mine = leaseOf(file);
        if (arg == F_UNLCK) {
            if (mine == null) {
                return EAGAIN;
            }
            leases.remove(mine);
            return 0;
        }
        expire(nowNs);
        for (OpenFile other : files) {
            if (arg == F_RDLCK && other.write) {
                return EAGAIN; // a read lease needs no writer at all (own fd included)
            }
            if (arg == F_WRLCK && other != file) {
                return EAGAIN; // a write lease needs no other open file
            }
        }
        for (Lease lease : leases) {
            if (lease.file != file && (arg == F_WRLCK || lease.unlockPending)) {
                return EAGAIN; // exclusive while another holds one, nothing while one is being unlocked
            }
        }
        mine = leaseOf(file);
        if (mine == null) {
            leases.add(new Lease(file, arg));
            return 0;
        }
        if (arg == F_RDLCK) {
            mine.downgradePending = false;
            mine.downgradeDeadlineNs = 0;
        }
        mine.type = arg;
        return 0;
    }

    /** F_GETLEASE: the target type, F_UNLCK without a lease. */
    int getLease(OpenFile file, long nowNs) {
        expire(nowNs);
        Lease mine = leaseOf(file);
        return mine == null ? F_UNLCK : mine.target();
    }
}
