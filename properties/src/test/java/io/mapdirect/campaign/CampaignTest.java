package io.mapdirect.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Variant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The campaign: cases are a function of (seed, index), shards are disjoint, every variant runs. */
class CampaignTest {
    @Test
    void aCaseDependsOnlyOnSeedAndIndex() {
        CampaignCases first = new CampaignCases(7);
        List<String> inOrder = new ArrayList<>();
        for (long k = 0; k < 10; k++) {
            inOrder.add(CaseWriter.write(first.caseAt(k)));
        }
        CampaignCases second = new CampaignCases(7);
        for (long k = 9; k >= 0; k--) {
            assertThat(CaseWriter.write(second.caseAt(k))).as("case " + k).isEqualTo(inOrder.get((int) k));
        }
        assertThat(CaseWriter.write(new CampaignCases(8).caseAt(3))).isNotEqualTo(inOrder.get(3));
        assertThat(new HashSet<>(inOrder)).hasSize(10);
    }

    @Test
    void everyVariantRunsInTurnWithFaultsOff() {
        CampaignCases cases = new CampaignCases(1);
        Set<Variant> seen = new HashSet<>();
        for (long k = 0; k < Variant.designs().size(); k++) {
            Case c = cases.caseAt(k);
            assertThat(c.variant()).isEqualTo(CampaignCases.variantOf(k));
            assertThat(c.faults()).isEmpty();
            seen.add(c.variant());
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(Variant.designs());
    }

    @Test
    void shardsAreDisjointAndCoverEveryIndex() {
        int count = 3;
        for (long k = 0; k < 30; k++) {
            int owners = 0;
            for (int i = 0; i < count; i++) {
                owners += new Shard(i, count).owns(k) ? 1 : 0;
            }
            assertThat(owners).as("case " + k).isEqualTo(1);
        }
    }

    @Test
    void shardsParseAndComeFromTheEnvironment() {
        assertThat(Shard.parse("2/5")).isEqualTo(new Shard(2, 5));
        for (String bad : List.of("5/5", "1", "a/b", "-1/3", "1/0", "1/2/3")) {
            assertThatThrownBy(() -> Shard.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "3", "MAPDIRECT_SHARD_COUNT", "8")))
                .isEqualTo(new Shard(3, 8));
        assertThat(Shard.fromEnvironment(Map.of("MAPDIRECT_SHARD_INDEX", "0", "MAPDIRECT_SHARD_COUNT", "2")))
                .isEqualTo(new Shard(0, 2));
        assertThat(Shard.fromEnvironment(Map.of("CI_NODE_INDEX", "1", "CI_NODE_TOTAL", "4"))).isEqualTo(new Shard(0, 4));
        assertThat(Shard.fromEnvironment(Map.of("BUILDKITE_PARALLEL_JOB", "2", "BUILDKITE_PARALLEL_JOB_COUNT", "3")))
                .isEqualTo(new Shard(2, 3));
        assertThatThrownBy(() -> Shard.fromEnvironment(Map.of())).hasMessageContaining("JOB_COMPLETION_INDEX");
        assertThatThrownBy(() -> Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "3")))
                .hasMessageContaining("MAPDIRECT_SHARD_COUNT is not");
        assertThatThrownBy(() -> Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "9", "MAPDIRECT_SHARD_COUNT", "4")))
                .hasMessageContaining("0 <= i < n");
    }

    @Test
    void aShardRunsOnlyItsOwnIndices(@TempDir Path found) {
        List<Long> ran = new ArrayList<>();
        Campaign campaign = new Campaign(5, new Shard(1, 4), found);
        Campaign.Stats stats = campaign.run(14, () -> true, (soFar, finding) -> ran.add(soFar.cases()));
        assertThat(stats.cases()).isEqualTo(4);
        assertThat(ran).containsExactly(1L, 2L, 3L, 4L);
        assertThat(stats.steps()).isPositive();
    }
}
