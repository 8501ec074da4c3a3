package io.mapdirect.kernel;

/**
 * A model event the invariant checkers and {@code explain} consume: block-map changes, lease state
 * changes, SIGIO sent, IOTLB fills and flushes, DMA landings... Each subsystem defines its events
 * as records implementing this and emits them with {@link Kernel#emit(KEvent)}.
 */
public interface KEvent {
    /** One line for timelines; records' {@code toString} is the default. */
    default String describe() {
        return toString();
    }
}
