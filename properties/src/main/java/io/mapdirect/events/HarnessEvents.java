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
     * An actor's operation returned {@code result} ({@code "0"}, {@code "EACCES"}, {@code "SIGBUS"},
     * a DMA outcome) with {@code value}; {@code address} is the address a memory operation used (-1
     * for others).
     */
    public record OpDone(String actor, int index, Op op, String result, long value, long address) implements KEvent {
        @Override
        public String describe() {
            return actor + "#" + index + " " + op.name() + " = " + result;
        }
    }
}
