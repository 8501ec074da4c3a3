package io.mapdirect.kernel;

/**
 * What a system call or a user memory access returns to userspace: a value, an errno, or a signal
 * (SIGBUS/SIGSEGV from the fault path). Model calls never throw for bad input; they return one of
 * these. Use a {@code switch} with pattern matching to take it apart.
 */
public sealed interface SysResult {
    /** Success with a value (a fd, a byte count, an address, 0). */
    record Value(long value) implements SysResult { }

    /** Failure with an errno. */
    record Err(Errno errno) implements SysResult { }

    /** A synchronous signal raised by the access (SIGBUS, SIGSEGV). */
    record Sig(Signal signal) implements SysResult { }

    SysResult OK = new Value(0);

    static SysResult ok() {
        return OK;
    }

    static SysResult value(long value) {
        return value == 0 ? OK : new Value(value);
    }

    static SysResult err(Errno errno) {
        return new Err(errno.userVisible());
    }

    static SysResult signal(Signal signal) {
        return new Sig(signal);
    }

    /** From a kernel-style return: {@code rc >= 0} is a value, {@code rc < 0} is {@code -errno}. */
    static SysResult ofReturn(long rc) {
        return rc >= 0 ? value(rc) : err(Errno.fromNegative(rc));
    }

    default boolean isOk() {
        return this instanceof Value;
    }

    /** The value; throws if this is not a {@link Value} (tests only). */
    default long valueOrThrow() {
        if (this instanceof Value v) {
            return v.value();
        }
        throw new IllegalStateException("expected a value, got " + this);
    }

    /** {@code "0"}, {@code "EACCES"}, {@code "SIGBUS"}: the short form used in reports and the corpus. */
    default String brief() {
        return switch (this) {
            case Value v -> Long.toString(v.value());
            case Err e -> e.errno().name();
            case Sig s -> s.signal().name();
        };
    }
}
