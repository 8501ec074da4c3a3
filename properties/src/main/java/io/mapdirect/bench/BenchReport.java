package io.mapdirect.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The measured figures in the order they were taken, with the derived fraction of the raw
 * virtual-thread rate and the machine they were taken on, as a table or as one JSON object.
 */
public final class BenchReport {
    /** The scheduler's switch rate must reach this, in switches per second. */
    public static final double TARGET_SWITCHES_PER_SEC = 1_000_000;
    /** ... and this fraction of the raw virtual-thread handoff rate. */
    public static final double TARGET_FRACTION_OF_RAW = 0.5;

    private final Map<String, Figure> figures = new LinkedHashMap<>();

    void add(String key, Figure figure) {
        figures.put(key, figure);
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

    /** Whether the scheduler reaches both targets. */
    public boolean meetsTargets() {
        return figure("sched.switches_per_sec").medianPerSec() >= TARGET_SWITCHES_PER_SEC
                && fractionOfRaw() >= TARGET_FRACTION_OF_RAW;
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
        json.append("\"sched.fraction_of_raw\":").append(String.format(Locale.ROOT, "%.3f", fractionOfRaw())).append(',');
        json.append("\"meets_targets\":").append(meetsTargets()).append(',');
        json.append("\"iterations\":").append(figures.values().iterator().next().iterations()).append(',');
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
        table.append(String.format(Locale.ROOT, "%-34s %14.3f%n", "sched.fraction_of_raw", fractionOfRaw()));
        table.append(String.format(Locale.ROOT, "targets (>= %,d switches/s and >= %.0f%% of raw): %s%n",
                (long) TARGET_SWITCHES_PER_SEC, TARGET_FRACTION_OF_RAW * 100, meetsTargets() ? "met" : "NOT met"));
        table.append(String.format(Locale.ROOT, "JDK %s, %d cores, %d measured iterations each%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), figures.values().iterator().next().iterations()));
        return table.toString();
    }

    private static void field(StringBuilder json, String key, long value) {
        json.append('"').append(jsonEscape(key)).append("\":").append(value).append(',');
    }

    static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
