package io.mapdirect.harness;

import io.mapdirect.events.DmaOutcome;
import io.mapdirect.events.OpResult;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;

/**
 * A corpus result check ({@code => RESULT}) read into a type: any success value ({@code ok}), one
 * value, one errno, one signal or one kind of DMA outcome. {@link #matches} takes the logged
 * {@link OpResult} apart with a {@code switch}; no text is compared.
 */
public sealed interface ExpectedResult {
    /** {@code ok}: any non-negative success value (an address, a key, a fd). */
    record AnyValue() implements ExpectedResult { }

    /** A number: exactly this success value. */
    record ValueIs(long value) implements ExpectedResult { }

    /** A number too large for a value: nothing returns it. */
    record Unreachable(String digits) implements ExpectedResult { }

    /** An errno name. */
    record ErrnoIs(Errno errno) implements ExpectedResult { }

    /** A signal name. */
    record SignalIs(Signal signal) implements ExpectedResult { }

    /** A DMA outcome word ({@code landed}, {@code iommu_fault}, ...). */
    record DmaIs(DmaOutcome outcome) implements ExpectedResult { }

    /** The check {@code word} names, or null when it names no result. */
    static ExpectedResult parse(String word) {
        if (word.equals(Returns.OK)) {
            return new AnyValue();
        }
        if (word.matches("-?[0-9]+")) {
            try {
                return new ValueIs(Long.parseLong(word));
            } catch (NumberFormatException tooLarge) {
                return new Unreachable(word);
            }
        }
        DmaOutcome dma = DmaOutcome.byWord(word);
        if (dma != null) {
            return new DmaIs(dma);
        }
        for (Errno errno : Errno.values()) {
            if (errno.name().equals(word)) {
                return new ErrnoIs(errno);
            }
        }
        for (Signal signal : Signal.values()) {
            if (signal.name().equals(word)) {
                return new SignalIs(signal);
            }
        }
        return null;
    }

    /** Whether {@code actual} is what this check expects. */
    default boolean matches(OpResult actual) {
        return switch (this) {
            case AnyValue any -> actual instanceof OpResult.Value v && v.value() >= 0;
            case ValueIs expected -> actual instanceof OpResult.Value v && v.value() == expected.value();
            case Unreachable never -> false;
            case ErrnoIs expected -> actual instanceof OpResult.Err e && e.errno() == expected.errno();
            case SignalIs expected -> actual instanceof OpResult.Sig s && s.signal() == expected.signal();
            case DmaIs expected -> DmaOutcome.of(actual) == expected.outcome();
        };
    }
}
