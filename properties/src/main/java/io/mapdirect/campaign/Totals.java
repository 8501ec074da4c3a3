package io.mapdirect.campaign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a campaign ran and found, in one process or merged from its workers: cases, steps, the
 * digest of the cases' traces ({@link Campaign.Stats#digest()}), the probes reached, the findings,
 * one per found file, in case order, and the coverage keys reached ({@link CaseCoverage}, as text).
 */
public record Totals(long cases, long steps, long digest, Set<String> probes, List<FoundCase> found,
                     Set<String> coverage) {
    public Totals {
        probes = Set.copyOf(new TreeSet<>(probes));
        found = List.copyOf(found);
        coverage = Set.copyOf(coverage);
    }

    /** Totals without coverage keys. */
    public Totals(long cases, long steps, long digest, Set<String> probes, List<FoundCase> found) {
        this(cases, steps, digest, probes, found, Set.of());
    }

    /** How many call x result pairs were reached. */
    public int calls() {
        return CaseCoverage.count(coverage, CaseCoverage.CALL);
    }

    /** How many model transitions were reached. */
    public int transitions() {
        return CaseCoverage.count(coverage, CaseCoverage.TRANSITION);
    }

    /** The totals of {@code parts} (each a worker's): counts and digests add, probes and findings unite. */
    public static Totals merge(List<Totals> parts) {
        long cases = 0;
        long steps = 0;
        long digest = 0;
        Set<String> probes = new TreeSet<>();
        Set<String> coverage = new TreeSet<>();
        Map<java.nio.file.Path, FoundCase> byFile = new LinkedHashMap<>();
        List<FoundCase> all = new ArrayList<>();
        for (Totals part : parts) {
            cases += part.cases;
            steps += part.steps;
            digest += part.digest;
            probes.addAll(part.probes);
            coverage.addAll(part.coverage);
            all.addAll(part.found);
        }
        all.sort(Comparator.comparingLong(FoundCase::caseIndex));
        all.forEach(f -> byFile.putIfAbsent(f.file(), f));
        return new Totals(cases, steps, digest, probes, new ArrayList<>(byFile.values()), coverage);
    }

    /** The probes, sorted. */
    public Set<String> sortedProbes() {
        return new TreeSet<>(probes);
    }
}
