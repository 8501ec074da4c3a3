package io.mapdirect.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.harness.Case;
import io.mapdirect.harness.WorldSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Bad input never crashes: whatever bytes a case file holds (a real corpus case with bytes, lines or
 * numbers mutated, huge numbers, binary data, thousands of actors or operations), the parser gives a
 * case or a {@code FILE:LINE:COLUMN} error, and a case it accepts runs to a verdict, never an
 * exception. Memory stays bounded because every size and count a case declares is within its
 * {@link Limit}, checked before anything is allocated: the property asserts those limits on every
 * case it accepts rather than measuring the heap.
 */
class AdversarialInputProperties {
    private static final List<Path> CASES = CorpusFiles.list(FoundCases.corpusRoot().resolve("cases"));
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+");
    /** Values at and past the limits, at the edges of int and long, and past long. */
    private static final List<String> BOUNDARY_VALUES = List.of("0", "-1", "65536", "65537", "2000000000", "-2000000000",
            "2147483647", "2147483648", "9223372036854775807", "-9223372036854775808", "99999999999999999999999",
            "0xffffffffffffffff", "1073741825", "3601", "1000000");
    /** A world directive line, whose numbers are sizes, counts, uids and durations. */
    private static final Pattern DIRECTIVE = Pattern.compile("(?m)^(?:world|devdax|file|process|fail_alloc|schedule:).*$");

    @Property(tries = 250, seed = "20171006", shrinking = ShrinkingMode.OFF)
    void aMutatedCorpusCaseParsesAndRunsOrIsMalformed(@ForAll("mutatedCases") byte[] bytes) {
        Statistics.collect(parseAndRun(bytes));
        Statistics.coverage(coverage -> {
            coverage.check("ran").percentage(p -> p >= 25);
            coverage.check("malformed").percentage(p -> p >= 25);
        });
    }

    /**
     * Every number of the world lines (pmem, lease_break_time, pages, uids, nth, the op index, schedule
     * choices) of three real cases, replaced by every boundary and huge value: all of them, not a sample.
     */
    @Property(generation = GenerationMode.EXHAUSTIVE, seed = "20171006", shrinking = ShrinkingMode.OFF)
    void everyWorldNumberReplacedByAHugeOrBoundaryValueParsesAndRunsOrIsMalformed(@ForAll("worldNumbers") byte[] bytes) {
        parseAndRun(bytes);
    }

    @Property(tries = 60, seed = "20171006", shrinking = ShrinkingMode.OFF)
    void binaryInputIsMalformedWithAPosition(@ForAll("binary") byte[] bytes) {
        try {
            CorpusFiles.parse("bin.case", bytes);
        } catch (CorpusException e) {
            assertThat(e.line()).isPositive();
            assertThat(e.column()).isPositive();
            assertThat(e.getMessage()).startsWith("bin.case:" + e.line() + ":" + e.column() + ": ");
        }
    }

    @Property(tries = 4, seed = "20171006", shrinking = ShrinkingMode.OFF)
    void thousandsOfActorsOrOperationsParseAndRunOrAreMalformed(@ForAll("crowds") byte[] bytes) {
        parseAndRun(bytes);
    }

    /**
     * Parses {@code bytes}; an accepted case is within every limit and runs to a verdict. Returns
     * {@code ran} or {@code malformed}, for the property's statistics.
     */
    private static String parseAndRun(byte[] bytes) {
        Case parsed;
        try {
            parsed = CorpusFiles.parse("m.case", bytes);
        } catch (CorpusException e) {
            assertThat(e.getMessage()).startsWith("m.case:" + e.line() + ":" + e.column() + ": ");
            assertThat(e.line()).isPositive();
            return "malformed";
        }
        assertWithinLimits(parsed);
        Replay.Replayed replayed = Replay.run(parsed);
        assertThat(replayed.verdict()).isNotNull();
        assertThat(replayed.verdict().actual()).isNotBlank();
        return "ran";
    }

    private static void assertWithinLimits(Case c) {
        WorldSpec world = c.world();
        assertThat(world.pmemBlocks()).isBetween((int) Limit.PMEM_BLOCKS.min(), (int) Limit.PMEM_BLOCKS.max());
        assertThat(world.leaseBreakTimeSec() * 1_000_000_000L).isLessThanOrEqualTo(Limit.LEASE_BREAK_TIME.max());
        assertThat(world.devdax()).hasSizeLessThanOrEqualTo((int) Limit.DEVDAX_INSTANCES.max())
                .allMatch(d -> Limit.DEVDAX_PAGES.allows(d.pages()));
        assertThat(world.devices()).hasSizeLessThanOrEqualTo((int) Limit.DEVICES.max());
        assertThat(world.processes()).hasSizeLessThanOrEqualTo((int) Limit.PROCESSES.max());
        assertThat(world.files()).hasSizeLessThanOrEqualTo((int) Limit.FILES.max());
        long allocated = world.files().stream().mapToLong(f -> f.blocks().chars().filter(ch -> ch == 'W' || ch == 'U').count()).sum();
        assertThat(allocated).isLessThanOrEqualTo(world.pmemBlocks());
        assertThat(c.steps()).hasSizeLessThanOrEqualTo((int) Limit.OPERATIONS.max());
        assertThat(c.actors()).hasSizeLessThanOrEqualTo((int) Limit.ACTORS.max());
        assertThat(c.schedule().length).isLessThanOrEqualTo((int) Limit.SCHEDULE_CHOICES.max());
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<byte[]> mutatedCases() {
        Arbitrary<String> original = Arbitraries.of(CASES).map(AdversarialInputProperties::read);
        Arbitrary<Mutation> mutation = Arbitraries.of(Mutation.values());
        Arbitrary<Long> where = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.of(BOUNDARY_VALUES), Arbitraries.longs().map(n -> Long.toString(n)));
        Arbitrary<Integer> noise = Arbitraries.integers().between(0, 255);
        return Combinators.combine(original, mutation, where, number, noise)
                .as((text, m, at, n, b) -> m.apply(text, at, n, b).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Provide
    Arbitrary<byte[]> worldNumbers() {
        List<byte[]> cases = new ArrayList<>();
        for (String name : List.of("scenarios/s02-cooperative-holder.case", "faults/lease-direct-check-first.case",
                "faults/lease-err-path.case")) {
            String text = read(FoundCases.corpusRoot().resolve("cases").resolve(name));
            List<int[]> spans = Mutation.worldNumberSpans(text);
            for (int[] span : spans) {
                for (String value : BOUNDARY_VALUES) {
                    cases.add((text.substring(0, span[0]) + value + text.substring(span[1])).getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        }
        return Arbitraries.of(cases);
    }

    @Provide
    Arbitrary<byte[]> binary() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        Arbitrary<byte[]> prefixed = Combinators.combine(Arbitraries.of(CASES).map(AdversarialInputProperties::read),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64), Arbitraries.longs().between(0, Long.MAX_VALUE))
                .as((text, junk, at) -> {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    int cut = (int) (at % (utf8.length + 1));
                    byte[] out = new byte[utf8.length + junk.length];
                    System.arraycopy(utf8, 0, out, 0, cut);
                    System.arraycopy(junk, 0, out, cut, junk.length);
                    System.arraycopy(utf8, cut, out, cut + junk.length, utf8.length - cut);
                    return out;
                });
        return Arbitraries.oneOf(random, prefixed);
    }

    @Provide
    Arbitrary<byte[]> crowds() {
        return Arbitraries.of(
                crowd(2_000, 1, false), crowd(1_500, 1_500, false), crowd(Limit.OPERATIONS.max() + 1, 1, false),
                crowd(300, 300, true), crowd(1_100, 1_100, false));
    }

    /** A case with {@code operations} sleeps spread over {@code actors} processes (declared, or forked children). */
    private static byte[] crowd(long operations, int actors, boolean forked) {
        StringBuilder text = new StringBuilder("# title: crowd\n# variant: V8\n# expect: pass\n\n");
        text.append("world pmem=16\nfile /xfs/f owner=1000 blocks=WW\n");
        int declared = forked ? 1 : Math.min(actors, (int) Limit.PROCESSES.max());
        for (int p = 0; p < declared; p++) {
            text.append("process p").append(p).append(" uid=1000\n");
        }
        List<String> names = new ArrayList<>();
        for (int a = 0; a < actors; a++) {
            names.add(a < declared ? "p" + a : "c" + a);
        }
        if (forked) {
            for (int a = 1; a < actors; a++) {
                text.append("p0: fork(child=c").append(a).append(")\n");
            }
        }
        for (long i = 0; i < operations; i++) {
            String actor = names.get((int) (i % actors));
            text.append(actor).append(i % 3 == 0 ? ": r" + i + " = open(path=/xfs/f, flags=O_RDWR)\n" : ": sleep(for=1ms)\n");
        }
        text.append("schedule: ").append("1 ".repeat(200)).append('\n');
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ways to damage a case: one byte, one line, one number; each picks its place from {@code at}. */
    enum Mutation {
        FLIP_BYTE {
            @Override
            String apply(String text, long at, String number, int noise) {
                int i = (int) (at % Math.max(1, text.length()));
                return text.isEmpty() ? text : text.substring(0, i) + (char) noise + text.substring(i + 1);
            }
        },
        DELETE_LINE {
            @Override
            String apply(String text, long at, String number, int noise) {
                List<String> lines = new ArrayList<>(text.lines().toList());
                lines.remove((int) (at % lines.size()));
                return String.join("\n", lines) + "\n";
            }
        },
        DUPLICATE_LINE {
            @Override
            String apply(String text, long at, String number, int noise) {
                List<String> lines = new ArrayList<>(text.lines().toList());
                int i = (int) (at % lines.size());
                for (int k = 0; k < 1 + noise % 40; k++) {
                    lines.add(i, lines.get(i));
                }
                return String.join("\n", lines) + "\n";
            }
        },
        SWAP_LINES {
            @Override
            String apply(String text, long at, String number, int noise) {
                List<String> lines = new ArrayList<>(text.lines().toList());
                int i = (int) (at % lines.size());
                int j = (int) ((at / 7 + noise) % lines.size());
                String line = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, line);
                return String.join("\n", lines) + "\n";
            }
        },
        REPLACE_NUMBER {
            @Override
            String apply(String text, long at, String number, int noise) {
                List<int[]> spans = new ArrayList<>();
                Matcher m = NUMBER.matcher(text);
                while (m.find()) {
                    spans.add(new int[] {m.start(), m.end()});
                }
                if (spans.isEmpty()) {
                    return text;
                }
                int[] span = spans.get((int) (at % spans.size()));
                return text.substring(0, span[0]) + number + text.substring(span[1]);
            }
        },
        REPLACE_WORLD_NUMBER {
            @Override
            String apply(String text, long at, String number, int noise) {
                List<int[]> spans = worldNumberSpans(text);
                if (spans.isEmpty()) {
                    return text;
                }
                int[] span = spans.get((int) (at % spans.size()));
                return text.substring(0, span[0]) + number + text.substring(span[1]);
            }
        },
        HUGE_LINE {
            @Override
            String apply(String text, long at, String number, int noise) {
                int i = text.indexOf("\nschedule:");
                String filler = "p0: sleep(for=1ms) # " + "x".repeat((int) Limit.LINE_CHARS.max()) + "\n";
                return i < 0 ? text + filler : text.substring(0, i + 1) + filler + text.substring(i + 1);
            }
        };

        abstract String apply(String text, long at, String number, int noise);

        /** Where the numbers of the world lines are: {start, end} of each. */
        static List<int[]> worldNumberSpans(String text) {
            List<int[]> spans = new ArrayList<>();
            Matcher line = DIRECTIVE.matcher(text);
            while (line.find()) {
                Matcher m = NUMBER.matcher(text).region(line.start(), line.end());
                while (m.find()) {
                    spans.add(new int[] {m.start(), m.end()});
                }
            }
            return spans;
        }
    }
}
