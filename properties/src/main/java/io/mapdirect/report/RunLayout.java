package io.mapdirect.report;

import io.mapdirect.check.Violation;
import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.OpResult;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.KEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where everything of a run goes in its picture ({@link RunPage}): one lane per task (the
 * {@link Timeline}'s columns), rows down the virtual time axis in the order things happened, each
 * operation a box from the row it started in to the row it returned in, each model event in its
 * task's lane, each violation a row of its own right after the last event at or before its step, and
 * a time tick wherever the virtual time moves on. An operation that starts and returns at the same
 * virtual time with nothing shown in between takes one row. Built from the run's event log, the same
 * data the text timeline reads.
 */
public record RunLayout(List<String> lanes, int rows, List<OpBox> ops, List<EventMark> events,
                        List<ViolationMark> violations, List<TimeTick> ticks) {
    /** An operation: its lane, first and last row, call text and what it returned. */
    public record OpBox(int lane, int firstRow, int lastRow, String actor, int index, String call, String result,
                        ResultKind kind) { }

    /** A model event in its task's lane. */
    public record EventMark(int lane, int row, String text, String family) { }

    /** A violation on a row of its own; {@code lane} is the violating task's lane, or -1. */
    public record ViolationMark(int row, int lane, Violation violation) { }

    /** The virtual time at a row where it changed. */
    public record TimeTick(int row, long timeNs) { }

    /** How an operation ended, for its colour. */
    public enum ResultKind {
        /** A number, {@code ok}, or a DMA that landed. */
        OK,
        /** An errno. */
        ERRNO,
        /** A signal, or a DMA that did not land. */
        FAULT,
        /** The operation never returned. */
        PENDING;

        static ResultKind of(OpResult result) {
            return switch (result) {
                case OpResult.Value v -> OK;
                case OpResult.Err e -> ERRNO;
                case OpResult.Sig s -> FAULT;
                case OpResult.Dma d -> d.outcome().landed() ? OK : FAULT;
                case OpResult.NoDevice n -> FAULT;
            };
        }
    }

    /** The layout of {@code entries}, showing model events {@code detail} accepts and {@code violations}. */
    public static RunLayout of(List<EventLog.Entry> entries, Predicate<KEvent> detail, List<Violation> violations) {
        return new Builder(Timeline.tasksOf(entries, detail), violations).build(entries, detail);
    }

    /** Builds the layout entry by entry. */
    private static final class Builder {
        private record Open(int lane, int row, long timeNs, HarnessEvents.OpStarted started) { }

        private final List<String> lanes;
        private final Deque<Violation> pending;
        private final Map<String, Open> open = new LinkedHashMap<>();
        private final List<OpBox> ops = new ArrayList<>();
        private final List<EventMark> events = new ArrayList<>();
        private final List<ViolationMark> marks = new ArrayList<>();
        private final List<TimeTick> ticks = new ArrayList<>();
        private int rows;
        private long lastTimeNs = -1;
        private String lastRowOwner;

        Builder(List<String> lanes, List<Violation> violations) {
            this.lanes = lanes;
            List<Violation> byStep = new ArrayList<>(violations);
            byStep.sort(Comparator.comparingLong(Violation::step));
            this.pending = new ArrayDeque<>(byStep);
        }

        RunLayout build(List<EventLog.Entry> entries, Predicate<KEvent> detail) {
            for (EventLog.Entry entry : entries) {
                violationsBefore(entry.step());
                switch (entry.event()) {
                    case HarnessEvents.OpStarted started -> start(entry, started);
                    case HarnessEvents.OpDone done -> done(entry, done);
                    default -> {
                        if (detail.test(entry.event())) {
                            event(entry);
                        }
                    }
                }
            }
            closeNeverReturned();
            violationsBefore(Long.MAX_VALUE);
            return new RunLayout(List.copyOf(lanes), rows, List.copyOf(ops), List.copyOf(events), List.copyOf(marks),
                    List.copyOf(ticks));
        }

        private static String key(String actor, int index) {
            return actor + "#" + index;
        }

        private int newRow(long timeNs, String owner) {
            if (timeNs != lastTimeNs) {
                ticks.add(new TimeTick(rows, timeNs));
                lastTimeNs = timeNs;
            }
            lastRowOwner = owner;
            return rows++;
        }

        private void start(EventLog.Entry entry, HarnessEvents.OpStarted started) {
            String key = key(started.actor(), started.index());
            open.put(key, new Open(lanes.indexOf(entry.task()), newRow(entry.timeNs(), key), entry.timeNs(), started));
        }

        private void done(EventLog.Entry entry, HarnessEvents.OpDone done) {
            String key = key(done.actor(), done.index());
            Open started = open.remove(key);
            int lane = lanes.indexOf(entry.task());
            int first = started != null ? started.row() : -1;
            boolean oneRow = started != null && key.equals(lastRowOwner) && started.timeNs() == entry.timeNs();
            int last = oneRow ? first : newRow(entry.timeNs(), null);
            String result = Timeline.resultOf(done);
            ops.add(new OpBox(lane, first < 0 ? last : first, last, done.actor(), done.index(), CaseWriter.op(done.op()),
                    result, ResultKind.of(done.result())));
        }

        private void event(EventLog.Entry entry) {
            int row = newRow(entry.timeNs(), null);
            events.add(new EventMark(lanes.indexOf(entry.task()), row, entry.event().describe(), familyOf(entry.event())));
        }

        private void violationsBefore(long step) {
            while (!pending.isEmpty() && pending.peek().step() < step) {
                Violation violation = pending.poll();
                int row = newRow(violation.timeNs(), null);
                marks.add(new ViolationMark(row, lanes.indexOf(violation.task()), violation));
            }
        }

        private void closeNeverReturned() {
            int last = Math.max(0, rows - 1);
            for (Open started : open.values()) {
                ops.add(new OpBox(started.lane(), started.row(), last, started.started().actor(), started.started().index(),
                        CaseWriter.op(started.started().op()), "never returned", ResultKind.PENDING));
            }
            open.clear();
        }
    }

    /**
     * The family of a model event, for its colour: the layer that emitted it ({@code locks},
     * {@code mapdirect}, {@code xfs}, {@code fs}, {@code mm}, {@code proc}, {@code iommu}, {@code nic},
     * or {@code kernel}).
     */
    static String familyOf(KEvent event) {
        String pkg = event.getClass().getPackageName();
        String last = pkg.substring(pkg.lastIndexOf('.') + 1);
        return switch (last) {
            case "locks", "mapdirect", "xfs", "fs", "mm", "proc", "iommu", "nic" -> last;
            default -> "kernel";
        };
    }
}
