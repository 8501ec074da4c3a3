package io.mapdirect.killmatrix;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The hunt over seeds as a table (one row per fault) and as one JSON object. */
public record HuntReport(List<String> seeds, int budget, int pctPercent, List<HuntSummary> summaries) {
    public HuntReport {
        seeds = List.copyOf(seeds);
        summaries = List.copyOf(summaries);
    }

    /** Whether every fault was found from every seed. */
    public boolean allDetected() {
        return summaries.stream().allMatch(s -> s.detected() == seeds.size());
    }

    /** The table: fault, variant, expected invariant, seeds that found it, median and range of tries and of shrunk ops. */
    public String render() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "hunt: seeds %s, budget %d tries per fault and seed%s%n",
                String.join(",", seeds), budget, pctPercent == 0 ? "" : ", " + pctPercent + "% of cases with PCT schedules"));
        out.append(String.format(Locale.ROOT, "%-28s %-8s %-24s %8s %8s %11s %6s %7s%n", "fault", "variant", "invariant",
                "detected", "tries", "range", "ops", "range"));
        for (HuntSummary s : summaries) {
            out.append(String.format(Locale.ROOT, "%-28s %-8s %-24s %8s %8s %11s %6s %7s%n", s.row().fault(), s.row().variant(),
                    s.row().expected(), s.detected() + "/" + seeds.size(),
                    s.medianMissed() ? ">" + budget : Integer.toString(s.medianTries()),
                    range(s.minTries(), s.maxTries()), orDash(s.medianShrunkOps()), range(s.minShrunkOps(), s.maxShrunkOps())));
        }
        out.append(String.format(Locale.ROOT, "hunt: %d faults, %s%n", summaries.size(),
                allDetected() ? "every fault found from every seed" : "some fault missed from some seed"));
        return out.toString();
    }

    /** One JSON object: the seeds, the budget, and per fault its summary and per-seed tries and sizes. */
    public String json() {
        return "{\"command\":\"hunt\",\"seeds\":" + strings(seeds) + ",\"budget\":" + budget + ",\"pctPercent\":" + pctPercent + ",\"faults\":["
                + summaries.stream().map(HuntReport::json).collect(Collectors.joining(","))
                + "],\"allDetected\":" + allDetected() + "}";
    }

    private static String json(HuntSummary s) {
        return "{\"fault\":\"" + s.row().fault() + "\",\"variant\":\"" + s.row().variant() + "\",\"invariant\":\""
                + s.row().expected() + "\",\"detected\":" + s.detected() + ",\"medianTries\":"
                + (s.medianMissed() ? "null" : s.medianTries()) + ",\"medianShrunkOps\":" + nullIfMissed(s.medianShrunkOps())
                + ",\"triesPerSeed\":" + ints(s.outcomes().stream().map(o -> o.detected() ? o.triesToDetect() : null).toList())
                + ",\"shrunkOpsPerSeed\":" + ints(s.outcomes().stream().map(o -> o.detected() ? o.shrunkOps() : null).toList())
                + ",\"shrunkSwitchesPerSeed\":"
                + ints(s.outcomes().stream().map(o -> o.detected() ? o.shrunkSwitches() : null).toList()) + "}";
    }

    private static String range(int min, int max) {
        return min == HuntOutcome.MISSED ? "-" : min + "-" + max;
    }

    private static String orDash(int value) {
        return value == HuntOutcome.MISSED ? "-" : Integer.toString(value);
    }

    private static String nullIfMissed(int value) {
        return value == HuntOutcome.MISSED ? "null" : Integer.toString(value);
    }

    private static String ints(List<Integer> values) {
        return values.stream().map(v -> v == null ? "null" : v.toString()).collect(Collectors.joining(",", "[", "]"));
    }

    private static String strings(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
