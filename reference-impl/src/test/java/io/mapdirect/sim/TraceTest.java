package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The trace (every run records task, step, event), stored in chunks. */
class TraceTest {
    private static final Site SITE = Site.of("trace test site");

    @Test
    @DisplayName("entries read back across chunk boundaries exactly as appended")
    void entriesSurviveChunkBoundaries() {
        Trace trace = new Trace();
        trace.registerTask(0, "P0");
        trace.registerTask(1, "P1");
        int count = 3 * Trace.CHUNK_ENTRIES + 17;
        for (int i = 0; i < count; i++) {
            trace.add(i % 2, TraceKind.values()[i % TraceKind.values().length], i % 3 == 0 ? null : SITE, i * 7L, i * 11L);
        }
        assertThat(trace.size()).isEqualTo(count);
        for (int i : new int[] {0, 255, 256, Trace.CHUNK_ENTRIES - 1, Trace.CHUNK_ENTRIES, 2 * Trace.CHUNK_ENTRIES + 1, count - 1}) {
            Trace.Entry entry = trace.get(i);
            assertThat(entry.index()).isEqualTo(i);
            assertThat(entry.task()).isEqualTo(i % 2 == 0 ? "P0" : "P1");
            assertThat(entry.kind()).isEqualTo(TraceKind.values()[i % TraceKind.values().length]);
            assertThat(entry.site()).isEqualTo(i % 3 == 0 ? "" : SITE.name());
            assertThat(entry.arg()).isEqualTo(i * 7L);
            assertThat(entry.timeNs()).isEqualTo(i * 11L);
        }
        assertThatThrownBy(() -> trace.get(count)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    @DisplayName("a long run (several chunks) fingerprints and renders identically when repeated")
    void longRunsAreDeterministic() {
        long[] fingerprints = new long[2];
        String[] renders = new String[2];
        for (int run = 0; run < 2; run++) {
            Simulation sim = new Simulation();
            int[] choices = new int[4 * Trace.CHUNK_ENTRIES];
            java.util.Arrays.fill(choices, 1);
            sim.setSchedule(Schedule.of(choices));
            for (String name : new String[] {"A", "B"}) {
                sim.spawn(name, () -> {
                    for (int i = 0; i < Trace.CHUNK_ENTRIES; i++) {
                        sim.yieldPoint(SITE);
                    }
                });
            }
            RunResult result = sim.run();
            assertThat(result.trace().size()).isGreaterThan(3 * Trace.CHUNK_ENTRIES);
            fingerprints[run] = result.trace().fingerprint();
            renders[run] = result.trace().render();
        }
        assertThat(fingerprints[1]).isEqualTo(fingerprints[0]);
        assertThat(renders[1]).isEqualTo(renders[0]);
    }
}
