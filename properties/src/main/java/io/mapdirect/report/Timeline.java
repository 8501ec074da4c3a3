package io.mapdirect.report;

import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.OpResult;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.KEvent;
import io.mapdirect.sim.VirtualClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A per-task timeline of a run: one column per task, one row per event, with the virtual time at the
 * left. Operations show as {@code call(args) = result}; model events (lease states, block-map
 * changes, IOTLB fills and flushes, DMA landings...) as their one-line description in the column of
 * the task that caused them. Plain text, stable, diffable: report formats are tested against golden
 * files.
 */
public final class Timeline {
    private static final int TIME_WIDTH = 14;

    private Timeline() {
    }

    /** What to show: operations always; model events when {@code detail} accepts them. */
    public static String render(List<EventLog.Entry> entries, Predicate<KEvent> detail, int columnWidth) {
        List<String> tasks = tasksOf(entries, detail);
        StringBuilder out = new StringBuilder();
        header(out, tasks, columnWidth);
        Map<String, Integer> openOps = new LinkedHashMap<>();
        for (EventLog.Entry entry : entries) {
            String text = textOf(entry.event(), detail);
            if (text == null || entry.event() instanceof HarnessEvents.OpStarted) {
                continue;
            }
            row(out, entry.timeNs(), tasks.indexOf(entry.task()), tasks.size(), text, columnWidth);
        }
        return out.toString();
    }

    /** The tasks that have something to show, in order of their first entry: the timeline's columns (lanes). */
    public static List<String> tasksOf(List<EventLog.Entry> entries, Predicate<KEvent> detail) {
        List<String> tasks = new ArrayList<>();
        for (EventLog.Entry entry : entries) {
            if (textOf(entry.event(), detail) != null && !tasks.contains(entry.task())) {
                tasks.add(entry.task());
            }
        }
        return tasks;
    }

    private static String textOf(KEvent event, Predicate<KEvent> detail) {
        if (event instanceof HarnessEvents.OpDone done) {
            return CaseWriter.op(done.op()) + " = " + resultOf(done);
        }
        if (event instanceof HarnessEvents.OpStarted) {
            return "";
        }
        return detail.test(event) ? event.describe() : null;
    }

    /** What an operation returned, as the timeline shows it: {@code 0}, {@code EACCES}, {@code 268435456 (0x10000000)}. */
    public static String resultOf(HarnessEvents.OpDone done) {
        boolean bigValue = done.result() instanceof OpResult.Value v && done.op().result() != null && v.value() > 0xffff;
        return done.result().brief() + (bigValue ? " (0x" + Long.toHexString(done.value()) + ")" : "");
    }

    private static void header(StringBuilder out, List<String> tasks, int width) {
        out.append(pad("time", TIME_WIDTH));
        for (String task : tasks) {
            out.append(" | ").append(pad(task, width));
        }
        out.append('\n').append("-".repeat(TIME_WIDTH));
        for (int i = 0; i < tasks.size(); i++) {
            out.append("-+-").append("-".repeat(width));
        }
        out.append('\n');
    }

    private static void row(StringBuilder out, long timeNs, int column, int columns, String text, int width) {
        List<String> lines = wrap(text, width);
        for (int l = 0; l < lines.size(); l++) {
            out.append(pad(l == 0 ? VirtualClock.formatNs(timeNs) : "", TIME_WIDTH));
            for (int c = 0; c < columns; c++) {
                out.append(" | ").append(pad(c == column ? lines.get(l) : "", width));
            }
            out.append('\n');
        }
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            cut = cut <= width / 2 ? width : cut;
            lines.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        lines.add(rest);
        return lines;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
