package io.mapdirect.kernel;

/**
 * A kernel object whose lifetime the model tracks (map_direct_state, lease_direct state, file
 * locks, umems, files...). Allocation registers it with the {@link ObjectTracker}; {@link #use}
 * oopses with USE_AFTER_FREE once it is freed and {@link Kmem#kfree} oopses with BAD_FREE on a
 * second free, so lifetime bugs become findings instead of Java exceptions.
 */
public abstract class KObject {
    private final String kind;
    private final long id;
    private boolean freed;

    protected KObject(Kernel kernel, String kind) {
        this.kind = kind;
        this.id = kernel.objects().register(this);
    }

    /**
     * An object numbered in a sequence of its own ({@code id}), tracked like the others but drawing
     * no allocation number, so adding a tracked kind leaves every other object's label unchanged.
     */
    protected KObject(Kernel kernel, String kind, long id) {
        this.kind = kind;
        this.id = id;
        kernel.objects().track(this);
    }

    /** The C type name, e.g. {@code "map_direct_state"}. */
    public final String kind() {
        return kind;
    }

    /** Allocation number, unique per kernel. */
    public final long id() {
        return id;
    }

    /** Whether the object has been freed. */
    public final boolean isFreed() {
        return freed;
    }

    /** Checks the object is alive before a field access in {@code where}. Returns this for chaining. */
    public final KObject use(String where) {
        if (freed) {
            throw new Oops(Oops.Kind.USE_AFTER_FREE, where, label());
        }
        return this;
    }

    final void markFreed(String where) {
        if (freed) {
            throw new Oops(Oops.Kind.BAD_FREE, where, label() + " (double free)");
        }
        freed = true;
    }

    /** {@code "kind#id"} (a subclass may name itself more precisely). */
    public String label() {
        return kind + "#" + id;
    }

    @Override
    public String toString() {
        return label();
    }
}
