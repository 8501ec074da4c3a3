package io.mapdirect.campaign;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.OpResult;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.kernel.EventLog;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one case reached beyond the probes, as coverage keys a campaign collects: every
 * <em>call x result</em> pair ({@code call Open -> EACCES}: the operation's kind and the class of
 * its typed result, a value, an errno, a signal or a DMA outcome) and every <em>model transition</em>
 * ({@code transition BreakNoticed > Invalidated}: two events of the model's event log that one task
 * emitted one after the other). These are the campaign's analogue of a coverage-guided fuzzer's edges:
 * cheap to collect from the world after the case, independent of JaCoCo, and deterministic.
 */
public final class CaseCoverage {
    /** One coverage key. {@link #text()} is its form in worker lines and reports. */
    public sealed interface Key {
        String text();

        /** The key {@code text} names (the inverse of {@link #text()}). */
        static Key parse(String text) {
            return new Named(text);
        }
    }

    /** An operation's kind and the class of its result. */
    record Call(Class<?> op, String result) implements Key {
        @Override
        public String text() {
            return CALL + op.getSimpleName() + " -> " + result;
        }
    }

    /** Two events one task emitted one after the other. */
    record Transition(Class<?> from, Class<?> to) implements Key {
        @Override
        public String text() {
            return TRANSITION + from.getSimpleName() + " > " + to.getSimpleName();
        }
    }

    /** A key read back from its text (a worker's). */
    record Named(String text) implements Key { }

    /** The prefix of a call x result key's text. */
    public static final String CALL = "call ";
    /** The prefix of a model-transition key's text. */
    public static final String TRANSITION = "transition ";

    private CaseCoverage() {
    }

    /** The keys {@code result} reached. */
    public static Set<Key> of(CaseResult result) {
        Set<Key> keys = new HashSet<>();
        Map<String, Class<?>> lastEventOfTask = new HashMap<>();
        for (EventLog.Entry entry : result.world().kernel().events().entries()) {
            Class<?> event = entry.event().getClass();
            if (entry.event() instanceof HarnessEvents.OpDone done) {
                keys.add(new Call(done.op().getClass(), resultClass(done.result())));
            }
            Class<?> previous = lastEventOfTask.put(entry.task(), event);
            if (previous != null) {
                keys.add(new Transition(previous, event));
            }
        }
        return keys;
    }

    /** The class of a result: {@code value}, the errno's, the signal's or the DMA outcome's name. */
    static String resultClass(OpResult result) {
        return switch (result) {
            case OpResult.Value value -> "value";
            case OpResult.Err err -> err.errno().name();
            case OpResult.Sig sig -> sig.signal().name();
            case OpResult.Dma dma -> dma.outcome().getClass().getSimpleName();
            case OpResult.NoDevice none -> "no_device";
        };
    }

    /** How many of the key texts {@code texts} start with {@code prefix}. */
    public static int count(Set<String> texts, String prefix) {
        return (int) texts.stream().filter(text -> text.startsWith(prefix)).count();
    }
}
