package io.mapdirect.check;

import io.mapdirect.events.OpResult;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * What ERRNO allows one call to return, computed from the state it started in: success or not,
 * the errnos and the signals, and whether a DMA outcome is expected. When the state decides the
 * call must fail ({@link #only}), success is not allowed; when several results are legal (a race
 * with another task, an allocation that may fail) the set holds them all.
 *
 * @param success whether a value may come back
 * @param errnos  the errnos allowed
 * @param signals the signals allowed
 * @param dma     whether the operation is a device DMA (its outcomes are other invariants' business)
 * @param why     the rule that decided, for the violation message
 */
record Allowed(boolean success, Set<Errno> errnos, Set<Signal> signals, boolean dma, String why) {
    /** The call must fail with one of {@code errnos}: the state decides it ({@code why}). */
    static Allowed only(String why, Errno first, Errno... rest) {
        return new Allowed(false, EnumSet.of(first, rest), Set.of(), false, why);
    }

    /** The call may succeed or fail with one of {@code errnos}. */
    static Allowed successOr(String why, Errno... errnos) {
        EnumSet<Errno> set = EnumSet.noneOf(Errno.class);
        set.addAll(Arrays.asList(errnos));
        return new Allowed(true, set, Set.of(), false, why);
    }

    /** A user access that must fault with {@code signal}. */
    static Allowed signalOnly(String why, Signal signal) {
        return new Allowed(false, Set.of(), Set.of(signal), false, why);
    }

    /** A user access that may succeed or raise one of {@code signals}. */
    static Allowed successOrSignal(String why, Signal... signals) {
        EnumSet<Signal> set = EnumSet.noneOf(Signal.class);
        set.addAll(Arrays.asList(signals));
        return new Allowed(true, Set.of(), set, false, why);
    }

    /** A device DMA: {@code present} says whether the device exists (else only "no such device"). */
    static Allowed dmaOutcome(String why, boolean present) {
        return new Allowed(present, Set.of(), Set.of(), present, why);
    }

    /** The same, with {@code more} errnos allowed too. */
    Allowed plus(Errno... more) {
        EnumSet<Errno> set = errnos.isEmpty() ? EnumSet.noneOf(Errno.class) : EnumSet.copyOf(errnos);
        set.addAll(Arrays.asList(more));
        return new Allowed(success, set, signals, dma, why);
    }

    /** Whether {@code result} is one of the allowed results. */
    boolean permits(OpResult result) {
        return switch (result) {
            case OpResult.Value v -> success && !dma;
            case OpResult.Err(Errno errno) -> errnos.contains(errno);
            case OpResult.Sig(Signal signal) -> signals.contains(signal);
            case OpResult.Dma d -> dma;
            case OpResult.NoDevice n -> !dma && !success;
        };
    }

    /** {@code success, EBADF, EINVAL} or {@code EBADF only}, for messages. */
    String describe() {
        StringBuilder text = new StringBuilder(dma ? "a DMA outcome" : success ? "success" : "");
        for (Errno errno : errnos) {
            text.append(text.isEmpty() ? "" : ", ").append(errno);
        }
        for (Signal signal : signals) {
            text.append(text.isEmpty() ? "" : ", ").append(signal);
        }
        if (!dma && !success && errnos.isEmpty() && signals.isEmpty()) {
            text.append("no_device");
        }
        return text + " (" + why + ")";
    }
}
