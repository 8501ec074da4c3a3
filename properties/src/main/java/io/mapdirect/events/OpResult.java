package io.mapdirect.events;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.nic.DmaResult;

/**
 * What one operation of a case returned, typed: a value, an errno, a signal (the three cases of the
 * model's {@link SysResult}), a device DMA's outcome (the model's {@link DmaResult}), or "no such
 * device" for a DMA by a device the world does not have. One flat sealed type rather than carrying
 * {@code SysResult} and {@code DmaResult} side by side, so a checker takes any operation's result
 * apart with one {@code switch} ({@code case OpResult.Err(Errno errno) when ...}) without first
 * asking which family the operation belongs to. {@link #brief()} is the text form reports, timelines
 * and the corpus show ({@code 0}, {@code EACCES}, {@code SIGBUS}, {@code landed}); checkers never
 * compare it.
 */
public sealed interface OpResult {
    /** Success with a value (a fd, a byte count, an address, a key, 0). */
    record Value(long value) implements OpResult { }

    /** Failure with an errno (userspace-visible: never ERESTARTSYS). */
    record Err(Errno errno) implements OpResult { }

    /** A synchronous signal raised by the access (SIGBUS, SIGSEGV). */
    record Sig(Signal signal) implements OpResult { }

    /** What a device DMA did. */
    record Dma(DmaResult outcome) implements OpResult { }

    /** A DMA by a device the world does not have: nothing was attempted. */
    record NoDevice() implements OpResult { }

    /** Success with 0. */
    OpResult ZERO = new Value(0);

    /** The same result as a system call's {@code result}. */
    static OpResult of(SysResult result) {
        return switch (result) {
            case SysResult.Value v -> v.value() == 0 ? ZERO : new Value(v.value());
            case SysResult.Err e -> new Err(e.errno());
            case SysResult.Sig s -> new Sig(s.signal());
        };
    }

    /** The result of a DMA that reached the device. */
    static OpResult of(DmaResult outcome) {
        return new Dma(outcome);
    }

    /** Whether this is a success value (what binds a resource). */
    default boolean isValue() {
        return this instanceof Value;
    }

    /**
     * {@code 0}, {@code EACCES}, {@code SIGBUS}, {@code landed}, {@code iommu_fault}, {@code no_device}:
     * the short form for reports, timelines and corpus text.
     */
    default String brief() {
        return switch (this) {
            case Value v -> Long.toString(v.value());
            case Err e -> e.errno().name();
            case Sig s -> s.signal().name();
            case Dma d -> DmaOutcome.of(d.outcome()).word();
            case NoDevice n -> DmaOutcome.NO_DEVICE.word();
        };
    }
}
