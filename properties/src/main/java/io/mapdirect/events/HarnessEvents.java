package io.mapdirect.events;

import io.mapdirect.kernel.KEvent;

/** The harness's own events: each operation's start and result, for timelines and checkers. */
public final class HarnessEvents {
    private HarnessEvents() {
    }

    /** An actor started its {@code index}-th operation. */
    public record OpStarted(String actor, int index, Op op) implements KEvent {
        @Override
        public String describe() {
            return actor + "#" + index + " " + op.name();
        }
    }

    /**
     * An actor's operation returned {@code result} (typed: a value, an errno, a signal or a DMA
     * outcome; match it with a {@code switch}) with {@code value} (the success value, -1 for an
     * error); {@code address} is the address a memory operation used (-1 for others).
     */
    public record OpDone(String actor, int index, Op op, OpResult result, long value, long address) implements KEvent {
        @Override
        public String describe() {
            return actor + "#" + index + " " + op.name() + " = " + result.brief();
        }
    }
}
