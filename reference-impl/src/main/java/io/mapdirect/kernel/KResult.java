package io.mapdirect.kernel;

/**
 * A kernel pointer-or-error ({@code ERR_PTR}): either an object or an errno. Kernel functions that
 * return a pointer in C return this in the model; functions that return {@code int} return
 * {@code 0} or {@code -errno} as in C.
 */
public sealed interface KResult<T> {
    record Ok<T>(T value) implements KResult<T> { }

    record Err<T>(Errno errno) implements KResult<T> { }

    static <T> KResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> KResult<T> err(Errno errno) {
        return new Err<>(errno);
    }

    /** From a C-style int return. */
    static <T> KResult<T> errOf(int rc) {
        return new Err<>(Errno.fromNegative(rc));
    }

    default boolean isErr() {
        return this instanceof Err;
    }

    /** The object; throws if this is an error (callers check {@link #isErr()} first, as C checks IS_ERR). */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("value() of an error result " + this);
    }

    /** The errno; throws if this is a value. */
    default Errno errno() {
        if (this instanceof Err<T> err) {
            return err.errno();
        }
        throw new IllegalStateException("errno() of a value result " + this);
    }

    /** {@code PTR_ERR}: the negative errno as an int. */
    default int rc() {
        return errno().negative();
    }

    /** Re-types an error for a caller returning another pointer type. */
    default <U> KResult<U> castErr() {
        return new Err<>(errno());
    }
}
