package io.mapdirect.fs.mapdirect;

import io.mapdirect.fs.File;
import io.mapdirect.kernel.KObject;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.mm.LeaseDirectHandle;
import io.mapdirect.sim.Work;
import java.util.function.Consumer;

/**
 * One allocation holding {@code struct lease_direct} and, right behind it, its
 * {@code struct lease_direct_state} [08]: the owner (an RDMA umem), the file reference, the BREAK
 * bit, the break callback and the work that runs it. The seed allocates both in one
 * {@code kzalloc(sizeof(*ld) + sizeof(*lds))}, which is why freeing {@code lds} alone is a bad free.
 *
 * @kernel fs/mapdirect.c map_direct_lease() [08]
 * @departure bookkeeping one Java object stands for the kzalloc(sizeof(*ld) + sizeof(*lds)) allocation; freeing its inner part
 *     alone is modelled as the bad free it is (KnownBug.LEASE_ERR_PATH)
 */
public final class LeaseDirect extends KObject implements LeaseDirectHandle {
    private final LeaseDirects leaseDirects;
    private final Object owner;
    private final File file;
    private final Consumer<Object> breakFn;
    private boolean breaking;
    private Work work;

    LeaseDirect(Kernel kernel, LeaseDirects leaseDirects, Object owner, File file, Consumer<Object> breakFn) {
        super(kernel, "lease_direct");
        this.leaseDirects = leaseDirects;
        this.owner = owner;
        this.file = file;
        this.breakFn = breakFn;
    }

    /** {@code lds->lds_owner}. */
    public Object owner() {
        use("lds_owner");
        return owner;
    }

    /** {@code lds->lds_file}. */
    public File file() {
        use("lds_file");
        return file;
    }

    Consumer<Object> breakFn() {
        use("lds_break_fn");
        return breakFn;
    }

    boolean testAndSetBreak() {
        use("lds_state");
        boolean old = breaking;
        breaking = true;
        return old;
    }

    /** Whether a break was noticed. */
    public boolean isBreaking() {
        return breaking;
    }

    Work work() {
        return work;
    }

    void setWork(Work work) {
        this.work = work;
    }

    /** The lease core's owner cookie for this lease ({@code lds}, the inner object). */
    Object leaseOwner() {
        return this;
    }

    /** Mirrors {@code map_direct_lease_destroy()} [08]. */
    @Override
    public void destroy() {
        leaseDirects.destroy(this);
    }
}
