package io.mapdirect.campaign;

import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.FindingPath;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        final Set<String> probes = new TreeSet<>();
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

        public List<Finding> findings() {
            return findings;
        }
    }

    private final long seed;
    private final Shard shard;
    private final CampaignCases cases;
    private final Path foundDir;

    public Campaign(long seed, Shard shard, Path foundDir) {
        this.seed = seed;
        this.shard = shard;
        this.cases = new CampaignCases(seed);
        this.foundDir = foundDir;
    }

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
            Finding finding = runOne(index, stats);
            listener.afterCase(stats, finding);
        }
        return stats;
    }

    /** Runs case {@code index} alone; the finding, or null. */
    public Finding runOne(long index, Stats stats) {
        Case c = cases.caseAt(index);
        CaseResult result = Runs.runFindings(c, true);
        stats.cases++;
        stats.steps += result.steps();
        stats.digest += io.mapdirect.gen.SeededCases.caseSeed(result.fingerprint(), index);
        stats.probes.addAll(result.probes().keySet());
        InvariantId invariant = FindingPath.firstFinding(c, result);
        if (invariant == null) {
            return null;
        }
        Finding finding = confirmAndMinimize(index, c, result, invariant);
        stats.findings.add(finding);
        return finding;
    }

    /** The case of {@code index}. */
    public Case caseAt(long index) {
        return cases.caseAt(index);
    }

    private Finding confirmAndMinimize(long index, Case c, CaseResult first, InvariantId invariant) {
        String difference = FindingPath.reproductionDifference(c, first);
        if (difference != null) {
            throw new IllegalStateException("seed " + seed + " case " + index + ": the finding did not reproduce "
                    + "identically (" + difference + ")");
        }
        Case shrunk = FindingPath.mark(FindingPath.minimize(c, invariant), invariant,
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
