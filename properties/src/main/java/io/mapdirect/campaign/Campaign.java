package io.mapdirect.campaign;

import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.CaseParser;
import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.corpus.CorpusException;
import io.mapdirect.corpus.FindingPath;
import io.mapdirect.gen.CaseMutator;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseSampler;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Runs the campaign's cases of one shard in index order until the case limit or the caller's stop
 * condition. Each case runs with the invariants its variant must keep; a violation is a finding,
 * which is re-run to confirm it reproduces identically, minimized (keeping the same invariant) and
 * written to {@code found/}.
 */
public final class Campaign {
    /** What a listener hears after every case. */
    public interface Listener {
        void afterCase(Stats soFar, Finding finding);
    }

    /** Running totals. */
    public static final class Stats {
        long cases;
        long steps;
        long digest;
        long mutants;
        final Set<String> probes = new TreeSet<>();
        final Set<CaseCoverage.Key> coverage = new java.util.HashSet<>();
        final List<Finding> findings = new ArrayList<>();

        public long cases() {
            return cases;
        }

        public long steps() {
            return steps;
        }

        /**
         * An order-free digest of every case run and its trace: the sum of a hash of (case index,
         * trace fingerprint) over the cases. Two runs that ran the same cases with the same traces have
         * the same digest, however the cases were split among shards or workers.
         */
        public long digest() {
            return digest;
        }

        public Set<String> probes() {
            return probes;
        }

        /** The texts of the call x result pairs and model transitions reached ({@link CaseCoverage}). */
        public Set<String> coverage() {
            Set<String> texts = new TreeSet<>();
            coverage.forEach(key -> texts.add(key.text()));
            return texts;
        }

        /** How many call x result pairs were reached. */
        public int calls() {
            return (int) coverage.stream().filter(key -> key instanceof CaseCoverage.Call).count();
        }

        /** How many model transitions were reached. */
        public int transitions() {
            return (int) coverage.stream().filter(key -> key instanceof CaseCoverage.Transition).count();
        }

        /** How many of the cases run were mutants of kept cases (feedback). */
        public long mutants() {
            return mutants;
        }

        public List<Finding> findings() {
            return findings;
        }
    }

    private final long seed;
    private final Shard shard;
    private final CampaignCases cases;
    private final Path foundDir;
    private final boolean feedback;
    private final FeedbackPool pool = new FeedbackPool();

    public Campaign(long seed, Shard shard, Path foundDir) {
        this(seed, shard, foundDir, false);
    }

    /**
     * With {@code feedback}, every {@value #MUTANT_EVERY}th case this campaign runs (by its position in
     * the shard) is, once some case was kept, a mutant of a kept case ({@link CaseMutator}) instead
     * of the generated case of its index; a case is kept when it reaches a probe or coverage key no
     * case before it reached. The cases then depend on the order they ran in, so on the shard and
     * the jobs: the same (seed, shard, jobs, case count) still gives the same cases.
     */
    public Campaign(long seed, Shard shard, Path foundDir, boolean feedback) {
        this.seed = seed;
        this.shard = shard;
        this.cases = new CampaignCases(seed);
        this.foundDir = foundDir;
        this.feedback = feedback;
    }

    /** With feedback, one case in this many is a mutant of a kept case. */
    public static final int MUTANT_EVERY = 2;
    /** Mixed into the seed of a mutant's random source, so it is unrelated to the generated case's. */
    private static final long MUTANT_SALT = 0x6d75746174696f6eL;

    /**
     * Runs this shard's cases among indices {@code [0, maxIndex)} (0: no limit) while {@code goOn}.
     * The loop runs on one virtual thread ({@link io.mapdirect.sim.VirtualDriver}), so no case start
     * or end wakes a platform thread.
     */
    public Stats run(long maxIndex, BooleanSupplier goOn, Listener listener) {
        return io.mapdirect.sim.VirtualDriver.call(() -> runHere(maxIndex, goOn, listener));
    }

    private Stats runHere(long maxIndex, BooleanSupplier goOn, Listener listener) {
        Stats stats = new Stats();
        for (long index = shard.index(); (maxIndex == 0 || index < maxIndex) && goOn.getAsBoolean(); index += shard.count()) {
            Finding finding = runNext(index, stats);
            listener.afterCase(stats, finding);
        }
        return stats;
    }

    /** Runs case {@code index} alone; the finding, or null. */
    public Finding runOne(long index, Stats stats) {
        return run(index, cases.caseAt(index), false, stats);
    }

    /** Runs the case at position {@code index} of a feedback campaign: a mutant in its turn, else the generated one. */
    private Finding runNext(long index, Stats stats) {
        boolean mutantTurn = feedback && !pool.isEmpty() && (index / shard.count()) % MUTANT_EVERY == MUTANT_EVERY - 1;
        if (!mutantTurn) {
            return run(index, cases.caseAt(index), false, stats);
        }
        Random random = new Random(CaseSampler.sampleSeed(seed ^ MUTANT_SALT, index));
        Case kept = pool.pick(random);
        Case donor = cases.caseAt(index);
        Case mutant = CaseMutator.mutate(kept, donor.variant() == kept.variant() ? donor : kept, random);
        if (!writable(mutant)) {
            return run(index, donor, false, stats);
        }
        stats.mutants++;
        return run(index, mutant, true, stats);
    }

    /**
     * Whether {@code c} is a case the corpus format can hold: its text parses back into it (an
     * operation run by an actor of the wrong kind, or a number outside the format's limits, is not).
     * A mutant that is not is replaced by the generated case of its index, so every finding can be
     * written and replayed.
     */
    static boolean writable(Case c) {
        try {
            return CaseParser.parse("mutant", CaseWriter.write(c)).equals(c);
        } catch (CorpusException malformed) {
            return false;
        }
    }

    private Finding run(long index, Case c, boolean mutant, Stats stats) {
        CaseResult result = Runs.runFindings(c, true);
        stats.cases++;
        stats.steps += result.steps();
        stats.digest += io.mapdirect.gen.SeededCases.caseSeed(result.fingerprint(), index);
        boolean newProbe = stats.probes.addAll(result.probes().keySet());
        boolean newKey = stats.coverage.addAll(CaseCoverage.of(result));
        if (feedback && (newProbe || newKey)) {
            pool.keep(c);
        }
        InvariantId invariant = FindingPath.firstFinding(c, result);
        if (invariant == null) {
            return null;
        }
        Finding finding = confirmAndMinimize(index, c, result, invariant, mutant);
        stats.findings.add(finding);
        return finding;
    }

    /** The case of {@code index}. */
    public Case caseAt(long index) {
        return cases.caseAt(index);
    }

    private Finding confirmAndMinimize(long index, Case c, CaseResult first, InvariantId invariant, boolean mutant) {
        String difference = FindingPath.reproductionDifference(c, first);
        if (difference != null) {
            throw new IllegalStateException("seed " + seed + " case " + index + ": the finding did not reproduce "
                    + "identically (" + difference + ")");
        }
        Case shrunk = mutant
                ? FindingPath.mark(FindingPath.minimize(c, invariant), invariant,
                        "found by fuzz --feedback seed " + seed + " case " + index + " (a mutant of a kept case)",
                        "found-by ./mapdirect fuzz --feedback --seed " + seed + " at case " + index + " (" + c.variant()
                                + "; a mutant: replay this file)")
                : FindingPath.mark(FindingPath.minimize(c, invariant), invariant,
                        "found by fuzz seed " + seed + " case " + index,
                        "found-by ./mapdirect fuzz --seed " + seed + " --case " + index + " (" + c.variant() + ")");
        CaseResult shrunkResult = Runs.runFindings(shrunk, true);
        try {
            return new Finding(index, invariant.name(), shrunk, shrunkResult, FindingPath.write(foundDir, shrunk));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the finding of case " + index + " into " + foundDir, e);
        }
    }
}
