package io.mapdirect.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The parser's error paths: {@code parser-errors.tsv} lists one edit of {@code base.case} per row
 * and the file:line:column and message the parser must give for it. Every row is its own test.
 */
class CaseParserErrorsTest {
    static String resource(String name) throws IOException {
        try (var in = Objects.requireNonNull(CaseParserErrorsTest.class.getResourceAsStream("/corpus/" + name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theBaseCaseParsesAndRoundTrips() throws Exception {
        var parsed = CaseParser.parse("base.case", resource("base.case"));
        assertThat(CaseParser.parse("again.case", CaseWriter.write(parsed))).isEqualTo(parsed);
        assertThat(parsed.steps()).hasSize(11);
        assertThat(parsed.steps().get(5).returns().atNs()).isEqualTo(45_000_000_000L);
    }

    @TestFactory
    Stream<DynamicTest> everyMalformedLineIsNamedWithWhatWasExpected() throws IOException {
        String base = resource("base.case");
        List<DynamicTest> tests = new ArrayList<>();
        for (String row : resource("parser-errors.tsv").split("\n")) {
            if (row.startsWith("#") || row.isBlank()) {
                continue;
            }
            String[] cells = row.split("\t", -1);
            assertThat(cells).as(row).hasSize(4);
            String from = cells[0].replace("\\n", "\n");
            String to = cells[1].replace("\\n", "\n");
            tests.add(dynamicTest(cells[1].isEmpty() ? "drop " + cells[0] : cells[1], () -> {
                assertThat(base).contains(from);
                String text = base.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
                assertThatThrownBy(() -> CaseParser.parse("bad.case", text))
                        .isInstanceOf(CorpusException.class)
                        .hasMessageStartingWith("bad.case:" + cells[2] + ": ")
                        .hasMessageContaining(cells[3]);
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(80);
        return tests.stream();
    }

    @Test
    void oneBadFileDoesNotHideTheOthers(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String good = resource("base.case");
        Files.writeString(dir.resolve("a-good.case"), good);
        Files.writeString(dir.resolve("b-bad.case"), good.replace("open(", "opne("));
        Files.writeString(dir.resolve("c-good.case"), good);
        Files.writeString(dir.resolve("notes.txt"), "not a case");
        List<CorpusFiles.Loaded> loaded = CorpusFiles.loadAll(List.of(dir));
        assertThat(loaded).extracting(l -> l.file().getFileName().toString())
                .containsExactly("a-good.case", "b-bad.case", "c-good.case");
        assertThat(loaded).extracting(CorpusFiles.Loaded::ok).containsExactly(true, false, true);
        assertThat(loaded.get(1).error()).hasMessageStartingWith(dir.resolve("b-bad.case") + ":16:");
    }

    @Test
    void anUnreadableFileIsReportedNotThrown(@org.junit.jupiter.api.io.TempDir Path dir) {
        CorpusFiles.Loaded missing = CorpusFiles.load(dir.resolve("gone.case"));
        assertThat(missing.ok()).isFalse();
        assertThat(missing.error()).hasMessageContaining("gone.case").hasMessageContaining("cannot read");
    }
}
