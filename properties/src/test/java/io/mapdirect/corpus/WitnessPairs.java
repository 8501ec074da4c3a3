package io.mapdirect.corpus;

import io.mapdirect.check.InvariantId;
import io.mapdirect.harness.Case;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.TestFault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The witness pairs of {@code fuzz-corpus/cases/witnesses/}: for each invariant {@code X},
 * {@code x.case} (the id in lower case) violates X, and {@code x.twin.case}, one line different,
 * does not. What differs is what fires it. Reads and compares pairs; the tests judge them.
 */
public final class WitnessPairs {
    /** Where the pairs live. */
    public static final Path DIR = FoundCases.corpusRoot().resolve("cases").resolve("witnesses");

    /** Header keys that do not count as a difference: they describe the case, they do not make it. */
    private static final Set<String> DESCRIPTIVE = Set.of("# title:", "# expect:", "# provenance:");

    /** One pair's files. */
    public record Pair(InvariantId id, Path witness, Path twin) {
        public boolean exists() {
            return Files.isRegularFile(witness) && Files.isRegularFile(twin);
        }

        public CorpusFiles.Loaded loadWitness() {
            return CorpusFiles.load(witness);
        }

        public CorpusFiles.Loaded loadTwin() {
            return CorpusFiles.load(twin);
        }
    }

    /** A one-line difference: the witness's line and the twin's (either empty when a line was added or removed). */
    public record LineDifference(String witnessLine, String twinLine) {
        /** {@code - old} / {@code + new}, as a diff prints them. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (!witnessLine.isEmpty()) {
                parts.add("`- " + witnessLine + "`");
            }
            if (!twinLine.isEmpty()) {
                parts.add("`+ " + twinLine + "`");
            }
            return String.join(" ", parts);
        }
    }

    private WitnessPairs() {
    }

    /** The pair of {@code id}. */
    public static Pair of(InvariantId id) {
        String base = id.name().toLowerCase(Locale.ROOT);
        return new Pair(id, DIR.resolve(base + ".case"), DIR.resolve(base + ".twin.case"));
    }

    /** How to add a missing pair: the message a test prints. */
    public static String howToAdd() {
        return "add fuzz-corpus/cases/witnesses/<id in lower case>.case (a minimal case that violates the invariant:"
                + " any variant, V7_POSTED/V8_POSTED, '# faults:' or '# reverted:'; copy one from the corpus and"
                + " './mapdirect minimize' it) and <id>.twin.case, the same case with one line changed, added or removed"
                + " (not counting # title/# expect/# provenance) so that the invariant holds; '# expect:' says what each"
                + " violates. If nothing in the model can break the invariant, add a test-only fault to"
                + " io.mapdirect.kernel.KnownBug (KnownBug(true)) or list the invariant in"
                + " WitnessCorpusTest.WITHOUT_WITNESS with the reason";
    }

    /** The lines that make a case: everything but blank lines, plain comments and descriptive header lines. */
    static List<String> significantLines(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<String> kept = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || DESCRIPTIVE.stream().anyMatch(line::startsWith)) {
                continue;
            }
            if (line.startsWith("#") && !line.matches("# [a-z_]+:.*")) {
                continue;
            }
            kept.add(line);
        }
        return kept;
    }

    /**
     * The one line in which {@code pair}'s files differ, or null if they differ in none or in more
     * than one (a changed line, or a line only one of them has).
     */
    public static LineDifference oneLineDifference(Pair pair) {
        return oneLineDifference(significantLines(pair.witness()), significantLines(pair.twin()));
    }

    static LineDifference oneLineDifference(List<String> witness, List<String> twin) {
        int prefix = 0;
        while (prefix < witness.size() && prefix < twin.size() && witness.get(prefix).equals(twin.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < witness.size() - prefix && suffix < twin.size() - prefix
                && witness.get(witness.size() - 1 - suffix).equals(twin.get(twin.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> gone = witness.subList(prefix, witness.size() - suffix);
        List<String> added = twin.subList(prefix, twin.size() - suffix);
        if (gone.size() > 1 || added.size() > 1 || gone.size() + added.size() == 0) {
            return null;
        }
        return new LineDifference(gone.isEmpty() ? "" : gone.get(0), added.isEmpty() ? "" : added.get(0));
    }

    /**
     * What a case turns on besides its variant's design: {@code V8 + fault X},
     * {@code V8 + test fault Z}, {@code V8 - repair Y}.
     */
    public static String switches(Case c) {
        StringBuilder text = new StringBuilder(c.variant().name());
        for (KnownBug bug : c.faults().stream().sorted().toList()) {
            text.append(" + fault ").append(bug.name());
        }
        for (TestFault fault : c.testFaults().stream().sorted().toList()) {
            text.append(" + test fault ").append(fault.name());
        }
        for (Repair repair : c.reverted().stream().sorted().toList()) {
            text.append(" - repair ").append(repair.name());
        }
        return text.toString();
    }

    /** The docs table: one row per invariant, from the pairs on disk. */
    public static String table() {
        StringBuilder table = new StringBuilder();
        table.append("| invariant | witness (`fuzz-corpus/cases/witnesses/`) | fires on | the twin's one-line difference |\n");
        table.append("| --- | --- | --- | --- |\n");
        for (InvariantId id : InvariantId.values()) {
            Pair pair = of(id);
            if (!pair.exists() || !pair.loadWitness().ok()) {
                table.append("| ").append(id).append(" | (none) | | |\n");
                continue;
            }
            LineDifference difference = oneLineDifference(pair);
            table.append("| ").append(id).append(" | `").append(pair.witness().getFileName()).append("` | ")
                    .append(switches(pair.loadWitness().parsed())).append(" | ")
                    .append(difference == null ? "(more than one line)" : difference.describe().replace("|", "\\|"))
                    .append(" |\n");
        }
        return table.toString();
    }

    /** The ids listed, joined for a message. */
    public static String ids(List<InvariantId> ids) {
        return ids.stream().map(InvariantId::name).collect(Collectors.joining(", "));
    }
}
