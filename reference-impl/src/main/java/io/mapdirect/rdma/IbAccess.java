package io.mapdirect.rdma;

/** {@code enum ib_access_flags} (include/rdma/ib_verbs.h) and the checks the verbs layer makes on them. */
public final class IbAccess {
    public static final int LOCAL_WRITE = 1;
    public static final int REMOTE_WRITE = 1 << 1;
    public static final int REMOTE_READ = 1 << 2;
    public static final int REMOTE_ATOMIC = 1 << 3;
    public static final int MW_BIND = 1 << 4;
    public static final int ZERO_BASED = 1 << 5;
    /** {@code IB_ACCESS_ON_DEMAND}: an ODP MR [34]. */
    public static final int ON_DEMAND = 1 << 6;
    /** What an application registering a buffer for RDMA writes and reads asks for. */
    public static final int DEFAULT = LOCAL_WRITE | REMOTE_WRITE | REMOTE_READ;

    private static final int SUPPORTED = LOCAL_WRITE | REMOTE_WRITE | REMOTE_READ | REMOTE_ATOMIC | MW_BIND
            | ZERO_BASED | ON_DEMAND;

    private IbAccess() {
    }

    /**
     * Mirrors {@code ib_check_mr_access()}: unknown bits, or remote write or atomic access without
     * local write, are invalid.
     *
     * @kernel include/rdma/ib_verbs.h ib_check_mr_access()
     */
    public static boolean valid(int access) {
        if ((access & ~SUPPORTED) != 0) {
            return false;
        }
        return (access & (REMOTE_WRITE | REMOTE_ATOMIC)) == 0 || (access & LOCAL_WRITE) != 0;
    }

    /**
     * Mirrors {@code ib_access_writable()}: whether the pages must be writable ({@code FOLL_WRITE}) [11].
     *
     * @kernel include/rdma/ib_verbs.h ib_access_writable() [11]
     */
    public static boolean writable(int access) {
        return (access & (LOCAL_WRITE | REMOTE_WRITE | REMOTE_ATOMIC | MW_BIND)) != 0;
    }
}
