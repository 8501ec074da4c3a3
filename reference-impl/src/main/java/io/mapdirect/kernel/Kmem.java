package io.mapdirect.kernel;

import java.util.function.Supplier;

/**
 * The slab allocator as the model needs it: every allocation site asks whether the run's fault
 * plan fails it ("fail the N-th allocation inside this call"), so the kernel's error paths exist
 * and can be wrong; frees go through {@link #kfree} so double frees and frees of non-allocations
 * are caught.
 */
public final class Kmem {
    /** The fault-plan kind of every allocation site. */
    public static final String ALLOC = "alloc";

    private final Kernel kernel;

    Kmem(Kernel kernel) {
        this.kernel = kernel;
    }

    /** {@code kzalloc()}: the new object, or null when the fault plan fails this allocation. */
    public <T extends KObject> T kzalloc(String what, Supplier<T> constructor) {
        if (failsHere(what)) {
            return null;
        }
        return constructor.get();
    }

    /** An allocation with no tracked object ({@code __get_free_page}, sg tables...): false when it fails. */
    public boolean alloc(String what) {
        return !failsHere(what);
    }

    private boolean failsHere(String what) {
        boolean fails = kernel.faultPlan().shouldFail(kernel.faultScope(), ALLOC, what);
        if (fails) {
            kernel.probes().hit("allocation failure injected");
        }
        return fails;
    }

    /**
     * {@code kfree()} of a pointer into the middle of {@code container} (a member, not the start of
     * the allocation): the slab allocator's "invalid object pointer", an oops in the model (as with
     * {@code slub_debug}). The allocation itself stays allocated.
     */
    public void kfreeInterior(KObject container, String member, String where) {
        throw new Oops(Oops.Kind.BAD_FREE, where, member + " inside " + container.label() + " (not an allocation)");
    }

    /** {@code kfree()}: oopses with BAD_FREE on a second free. */
    public void kfree(KObject object, String where) {
        if (object == null) {
            return;
        }
        object.markFreed(where);
        kernel.objects().freed(object);
    }
}
