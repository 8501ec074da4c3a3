package io.mapdirect.fs.mapdirect;

import io.mapdirect.kernel.KEvent;

/** MAP_DIRECT and lease_direct life-cycle events. */
public final class MapDirectEvents {
    private MapDirectEvents() {
    }

    /** A MAP_DIRECT registration began: the state exists, for {@code pid}'s mapping made with {@code fd} [02] [04]. */
    public record Registering(String mds, long ino, int pid, int fd) implements KEvent { }

    /** A MAP_DIRECT mapping registered its state and layout lease [04]. */
    public record Registered(String mds, long ino, String vma, int pid, int fd) implements KEvent { }

    /** The state's first lease break: SIGIO sent, invalidation scheduled for {@code deadlineNs} [04]. */
    public record BreakNoticed(String mds, long ino, long deadlineNs) implements KEvent { }

    /** The invalidation ran: VALID cleared, PTEs zapped, lease unlocked [04]. */
    public record Invalidated(String mds, long ino, int vmasZapped) implements KEvent { }

    /** The last VMA of the state closed [04]. */
    public record LastVmaClosed(String mds, long ino) implements KEvent { }

    /** A lease_direct lease was taken for {@code owner} (an RDMA umem) [08]. */
    public record LeaseDirectTaken(String leaseDirect, long ino, String owner) implements KEvent { }

    /** The lease_direct break was noticed and its revocation scheduled for {@code runAtNs} [08]. */
    public record LeaseDirectBreakNoticed(String leaseDirect, long ino, String owner, long runAtNs) implements KEvent { }

    /** The owner's break callback returned: its revocation is complete [08] [11] [22]. */
    public record BreakCallbackReturned(String leaseDirect, long ino, String owner) implements KEvent { }

    /** The owner began destroying a lease_direct (its MR is being released) [08]. */
    public record LeaseDirectDestroying(String leaseDirect, long ino, String owner) implements KEvent { }

    /** A lease_direct was destroyed by its owner [08]. */
    public record LeaseDirectDestroyed(String leaseDirect, long ino, String owner) implements KEvent { }
}
