package io.mapdirect.coverage;

import io.mapdirect.corpus.FormatDoc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the model-coverage report: {@code index.html} (a call x result grid and one table per
 * state machine, reached cells with their counts, never-reached cells marked) and
 * {@code model-coverage.csv} ({@code kind,subject,item,count}, one row per call x result pair and
 * per transition, reached or not).
 */
public final class ModelCoverageReport {
    private ModelCoverageReport() {
    }

    /** Every result column: ok, then every errno, signal and DMA outcome. */
    static List<String> results() {
        List<String> results = new ArrayList<>(List.of("ok"));
        results.addAll(FormatDoc.resultNames());
        return results;
    }

    /** The CSV text. */
    public static String csv(ModelCoverage coverage) {
        StringBuilder out = new StringBuilder("kind,subject,item,count\n");
        for (String call : FormatDoc.operationNames()) {
            for (String result : results()) {
                out.append("call,").append(call).append(',').append(result).append(',')
                        .append(coverage.calls(call, result)).append('\n');
            }
        }
        for (Machine machine : Machine.values()) {
            for (String transition : machine.transitions()) {
                out.append("transition,").append(machine.name().toLowerCase(Locale.ROOT)).append(',').append(transition)
                        .append(',').append(coverage.transitions(machine, transition)).append('\n');
            }
        }
        return out.toString();
    }

    /** The HTML page. */
    public static String html(ModelCoverage coverage) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>mapdirect model coverage"
                + "</title><style>body{font-family:sans-serif}table{border-collapse:collapse;margin-bottom:2em}"
                + "td,th{border:1px solid #ccc;padding:2px 5px;font-size:12px;text-align:right}"
                + "td.hit{background:#bfb}td.never{background:#eee;color:#999}th{background:#f4f4f4}</style></head><body>\n");
        out.append("<h1>Model coverage</h1>\n<p>").append(coverage.runs()).append(" case runs. ")
                .append(summary(coverage)).append(" Green: reached (count); grey: never reached. CSV: "
                        + "<a href=\"model-coverage.csv\">model-coverage.csv</a>.</p>\n");
        out.append("<h2>Call x result</h2>\n<table><tr><th>call</th>");
        List<String> results = results();
        for (String result : results) {
            out.append("<th>").append(result).append("</th>");
        }
        out.append("</tr>\n");
        for (String call : FormatDoc.operationNames()) {
            out.append("<tr><th>").append(call).append("</th>");
            for (String result : results) {
                cell(out, coverage.calls(call, result));
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
        for (Machine machine : Machine.values()) {
            out.append("<h2>").append(machine.name().toLowerCase(Locale.ROOT)).append(" transitions</h2>\n<table><tr><th>from \\ to</th>");
            for (String to : machine.states()) {
                out.append("<th>").append(to).append("</th>");
            }
            out.append("</tr>\n");
            for (String from : machine.states()) {
                out.append("<tr><th>").append(from).append("</th>");
                for (String to : machine.states()) {
                    if (from.equals(to) || to.equals("none")) {
                        out.append("<td></td>");
                    } else {
                        cell(out, coverage.transitions(machine, from + " -> " + to));
                    }
                }
                out.append("</tr>\n");
            }
            out.append("</table>\n");
        }
        return out.append("</body></html>\n").toString();
    }

    private static void cell(StringBuilder out, long count) {
        out.append(count > 0 ? "<td class=\"hit\">" + count + "</td>" : "<td class=\"never\">-</td>");
    }

    /** "n of m call x result pairs and k of l transitions reached." */
    static String summary(ModelCoverage coverage) {
        long pairs = 0;
        long pairsHit = 0;
        for (String call : FormatDoc.operationNames()) {
            for (String result : results()) {
                pairs++;
                pairsHit += coverage.calls(call, result) > 0 ? 1 : 0;
            }
        }
        long transitions = 0;
        long transitionsHit = 0;
        for (Machine machine : Machine.values()) {
            for (String transition : machine.transitions()) {
                transitions++;
                transitionsHit += coverage.transitions(machine, transition) > 0 ? 1 : 0;
            }
        }
        return pairsHit + " of " + pairs + " call x result pairs and " + transitionsHit + " of " + transitions
                + " state transitions reached.";
    }

    /** Writes both files into {@code dir}. */
    public static void write(ModelCoverage coverage, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("index.html"), html(coverage), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("model-coverage.csv"), csv(coverage), StandardCharsets.UTF_8);
    }
}
