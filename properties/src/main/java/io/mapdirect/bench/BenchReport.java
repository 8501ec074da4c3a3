package io.mapdirect.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measured figures in the order they were taken, facts about how they were taken (the suite's
 * warm-up), the derived fraction of the raw virtual-thread rate and the targets' verdict, and the
 * machine they were taken on, as a table or as one JSON object. A report may hold only the
 * scheduler's or only the suite's figures ({@code bench --only}); the targets judged are those of
 * the figures present.
 */
public final class BenchReport {
    /** The scheduler's switch rate must reach this, in switches per second. */
    public static final double TARGET_SWITCHES_PER_SEC = 1_000_000;
    /** ... and this fraction of the raw virtual-thread handoff rate. */
    public static final double TARGET_FRACTION_OF_RAW = 0.5;

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();

    void add(String key, Figure figure) {
        figures.put(key, figure);
    }

    /** Records a fact (a number or a boolean) about how the figures were taken. */
    void fact(String key, Object value) {
        if (!(value instanceof Number || value instanceof Boolean)) {
            throw new IllegalArgumentException("a fact is a number or a boolean: " + key + "=" + value);
        }
        if (value instanceof Double number && !Double.isFinite(number)) {
            throw new IllegalArgumentException("a fact is a finite number: " + key + "=" + value);
        }
        facts.put(key, value);
    }

    private boolean hasScheduler() {
        return figures.containsKey("sched.switches_per_sec") && figures.containsKey("raw.vthread_pingpong_per_sec");
    }

    public Figure figure(String key) {
        Figure figure = figures.get(key);
        if (figure == null) {
            throw new IllegalArgumentException("no figure " + key + "; have " + figures.keySet());
        }
        return figure;
    }

    /** The scheduler's two-task switch rate over the raw virtual-thread handoff rate (medians). */
    public double fractionOfRaw() {
        return figure("sched.switches_per_sec").medianPerSec() / figure("raw.vthread_pingpong_per_sec").medianPerSec();
    }

    /**
     * Whether every target of the figures present is reached: the scheduler's two, and the suite's
     * steps per CPU-second ({@code suite.meets_target}).
     */
    public boolean meetsTargets() {
        boolean scheduler = !hasScheduler() || figure("sched.switches_per_sec").medianPerSec() >= TARGET_SWITCHES_PER_SEC
                && fractionOfRaw() >= TARGET_FRACTION_OF_RAW;
        return scheduler && !Boolean.FALSE.equals(facts.get("suite.meets_target"))
                && !Boolean.FALSE.equals(facts.get("jobs.meets_target"))
                && !Boolean.FALSE.equals(facts.get("start.meets_target"));
    }

    /** One JSON object on one line: every median under its key, min/max under key.min/key.max. */
    public String toJson() {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Figure> entry : figures.entrySet()) {
            Figure figure = entry.getValue();
            field(json, entry.getKey(), Math.round(figure.medianPerSec()));
            field(json, entry.getKey() + ".min", Math.round(figure.minPerSec()));
            field(json, entry.getKey() + ".max", Math.round(figure.maxPerSec()));
        }
        for (Map.Entry<String, Object> fact : facts.entrySet()) {
            json.append('"').append(jsonEscape(fact.getKey())).append("\":").append(fact.getValue()).append(',');
        }
        if (hasScheduler()) {
            json.append("\"sched.fraction_of_raw\":").append(String.format(Locale.ROOT, "%.3f", fractionOfRaw())).append(',');
        }
        json.append("\"meets_targets\":").append(meetsTargets()).append(',');
        json.append("\"iterations\":").append(measuredIterations()).append(',');
        json.append("\"cores\":").append(Runtime.getRuntime().availableProcessors()).append(',');
        json.append("\"jdk\":\"").append(jsonEscape(Runtime.version().toString())).append("\"}");
        return json.toString();
    }

    /** A readable table: one line per figure with median, min and max, then the fraction. */
    public String toTable() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-34s %14s %14s %14s%n", "figure (per second)", "median", "min", "max"));
        for (Map.Entry<String, Figure> entry : figures.entrySet()) {
            Figure figure = entry.getValue();
            table.append(String.format(Locale.ROOT, "%-34s %,14d %,14d %,14d%n", entry.getKey(),
                    Math.round(figure.medianPerSec()), Math.round(figure.minPerSec()), Math.round(figure.maxPerSec())));
        }
        for (Map.Entry<String, Object> fact : facts.entrySet()) {
            table.append(String.format(Locale.ROOT, "%-34s %14s%n", fact.getKey(), fact.getValue()));
        }
        if (hasScheduler()) {
            table.append(String.format(Locale.ROOT, "%-34s %14.3f%n", "sched.fraction_of_raw", fractionOfRaw()));
        }
        table.append(String.format(Locale.ROOT, "targets (%s): %s%n", targetText(), meetsTargets() ? "met" : "NOT met"));
        table.append(String.format(Locale.ROOT, "JDK %s, %d cores, %d measured iterations each (the cold figure: one)%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), measuredIterations()));
        return table.toString();
    }

    /** Measured iterations per figure (the cold figure, a single first pass, aside). */
    private int measuredIterations() {
        return figures.values().stream().mapToInt(Figure::iterations).max().orElse(0);
    }

    private String targetText() {
        List<String> targets = new ArrayList<>();
        if (hasScheduler()) {
            targets.add(String.format(Locale.ROOT, ">= %,d switches/s and >= %.0f%% of raw", (long) TARGET_SWITCHES_PER_SEC,
                    TARGET_FRACTION_OF_RAW * 100));
        }
        if (facts.containsKey("suite.meets_target")) {
            targets.add(String.format(Locale.ROOT, "suite >= %,d steps per CPU-second", (long) SuiteBench.TARGET_STEPS_PER_CORE_SEC));
        }
        if (facts.containsKey("jobs.meets_target")) {
            targets.add(String.format(Locale.ROOT, "N jobs >= %.1f N x 1 job", JobsBench.TARGET_EFFICIENCY));
        }
        if (facts.containsKey("start.meets_target")) {
            targets.add(String.format(Locale.ROOT, "warm first 10s >= %.0f%% of late rate",
                    WarmStartBench.TARGET_FRACTION_OF_SETTLED * 100));
        }
        return String.join("; ", targets);
    }

    private static void field(StringBuilder json, String key, long value) {
        json.append('"').append(jsonEscape(key)).append("\":").append(value).append(',');
    }

    static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
