package io.mapdirect.kernel;

/**
 * A kernel oops: model code hit a BUG, dereferenced a dead or NULL object, freed twice or
 * underflowed a reference count. It ends the run as a crash of the task that hit it; the checkers
 * report it as NO_OOPS or, for lifetime errors, REFCOUNT. It is a finding about the modelled
 * design (or an injected fault), never a Java accident: an unexpected Java exception escaping model
 * code is reported the same way but names its Java type.
 */
public final class Oops extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of oops. */
    public enum Kind {
        /** BUG_ON / an assertion the kernel would crash on. */
        BUG,
        /** A NULL pointer dereference. */
        NULL_DEREF,
        /** Use of an object after it was freed. */
        USE_AFTER_FREE,
        /** A second free of an object, or a free of something that was not allocated. */
        BAD_FREE,
        /** A reference count went below zero. */
        REFCOUNT_UNDERFLOW;

        /** Whether the spec (docs/spec.md) files this under REFCOUNT (lifetime) rather than NO_OOPS. */
        public boolean isLifetimeError() {
            return this == USE_AFTER_FREE || this == BAD_FREE || this == REFCOUNT_UNDERFLOW;
        }
    }

    private final Kind kind;
    private final String where;
    private final String object;

    public Oops(Kind kind, String where, String object) {
        super(kind + " in " + where + (object == null || object.isEmpty() ? "" : " on " + object));
        this.kind = kind;
        this.where = where;
        this.object = object;
    }

    public Kind kind() {
        return kind;
    }

    /** The kernel function that hit it, e.g. {@code "map_direct_invalidate"}. */
    public String where() {
        return where;
    }

    /** The object involved, e.g. {@code "map_direct_state#3"}. */
    public String object() {
        return object;
    }

    /** {@code BUG_ON(condition)}. */
    public static void bugOn(boolean condition, String where, String what) {
        if (condition) {
            throw new Oops(Kind.BUG, where, what);
        }
    }

    /** Dereferences {@code pointer}, oopsing if it is null. */
    public static <T> T deref(T pointer, String where, String what) {
        if (pointer == null) {
            throw new Oops(Kind.NULL_DEREF, where, what);
        }
        return pointer;
    }
}
