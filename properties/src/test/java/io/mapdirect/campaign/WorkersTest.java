package io.mapdirect.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The worker machinery: shard parts, the worker line protocol and its merge, the inherited JVM options. */
class WorkersTest {
    @Test
    void thePartsOfAShardAreDisjointAndAreExactlyTheShard() {
        for (Shard shard : List.of(Shard.ALL, new Shard(1, 3), new Shard(0, 4))) {
            for (int workers = 1; workers <= 5; workers++) {
                for (long k = 0; k < 400; k++) {
                    int owners = 0;
                    for (int w = 0; w < workers; w++) {
                        owners += shard.part(w, workers).owns(k) ? 1 : 0;
                    }
                    assertThat(owners).as("case %d of %s in %d workers", k, shard, workers)
                            .isEqualTo(shard.owns(k) ? 1 : 0);
                }
            }
        }
        assertThat(new Shard(1, 3).part(1, 2)).isEqualTo(new Shard(4, 6));
        assertThatThrownBy(() -> Shard.ALL.part(2, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itemsAreDealtRoundRobinInOrder() {
        assertThat(Workers.deal(List.of(1, 2, 3, 4, 5), 2)).isEqualTo(List.of(List.of(1, 3, 5), List.of(2, 4)));
        assertThat(Workers.deal(List.of("a"), 3)).isEqualTo(List.of(List.of("a"), List.of(), List.of()));
    }

    @Test
    void aWorkersLinesReadBackIntoItsTotals() {
        FoundCase found = new FoundCase(12, "NO_LEAK", "V8", Path.of("found dir/ab12.case"), "line one\n| tricky\n\nend\n");
        Totals sent = new Totals(40, 2100, 0xfedcba9876543210L, Set.of("probe.a", "probe b"), List.of(found),
                Set.of("call Open -> EACCES", "transition BreakNoticed > Invalidated"));
        List<String> lines = new ArrayList<>(List.of(WorkerLines.progress(3, 150), WorkerLines.probe("probe.a")));
        lines.addAll(WorkerLines.finding(found));
        lines.addAll(WorkerLines.done(sent));
        WorkerLines.Reader reader = new WorkerLines.Reader();
        List<FoundCase> completed = new ArrayList<>();
        for (String line : lines) {
            assertThat(reader.done()).isFalse();
            FoundCase finding = reader.accept(line);
            if (finding != null) {
                completed.add(finding);
            }
        }
        assertThat(reader.done()).isTrue();
        assertThat(completed).containsExactly(found);
        assertThat(reader.totals()).isEqualTo(sent);
        assertThat(List.of(reader.totals().calls(), reader.totals().transitions())).isEqualTo(List.of(1, 1));
        assertThatThrownBy(() -> new WorkerLines.Reader().accept("Exception in thread main"))
                .hasMessageContaining("unexpected line");
    }

    @Test
    void mergedTotalsAddCountsAndUniteProbesAndFindingsByFile() {
        FoundCase early = new FoundCase(3, "NO_LEAK", "V8", Path.of("found/aa.case"), "r3\n");
        FoundCase sameFile = new FoundCase(8, "NO_LEAK", "V8", Path.of("found/aa.case"), "r8\n");
        FoundCase other = new FoundCase(5, "REFCOUNT", "ODP", Path.of("found/bb.case"), "r5\n");
        Totals merged = Totals.merge(List.of(new Totals(10, 100, 7, Set.of("a", "b"), List.of(sameFile, other)),
                new Totals(11, 110, -2, Set.of("b", "c"), List.of(early))));
        assertThat(merged).isEqualTo(new Totals(21, 210, 5, Set.of("a", "b", "c"), List.of(early, other)));
    }

    @Test
    void aWorkerInheritsJvmOptionsButNoAgentAndNoCacheRecording() {
        assertThat(JvmCommand.inherited(List.of("-XX:MaxInlineLevel=6", "-javaagent:/x/jacoco.jar=destfile=a.exec",
                "-XX:AOTCacheOutput=/t/app.aot", "-XX:AOTCache=/t/app.aot", "-Dmapdirect.corpus=/c", "-agentlib:jdwp=x")))
                .containsExactly("-XX:MaxInlineLevel=6", "-XX:AOTCache=/t/app.aot", "-Dmapdirect.corpus=/c");
    }
}
