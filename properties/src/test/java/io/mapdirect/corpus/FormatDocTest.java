package io.mapdirect.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** FORMAT.md's operation, argument-type and result tables are the parser's own tables. */
class FormatDocTest {
    @Test
    void formatMdAgreesWithTheParser() throws IOException {
        Path doc = FoundCases.corpusRoot().resolve("FORMAT.md");
        String text = Files.readString(doc);
        String expected = FormatDoc.update(text);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "FORMAT.md"), expected);
        assertThat(FormatDoc.stale(text))
                .as(doc + " disagrees with the parser's tables; the corrected file is properties/target/FORMAT.md"
                        + " (check the diff, then copy it over)")
                .isEmpty();
    }

    @Test
    void everyOperationAndArgumentTypeIsDocumented() throws IOException {
        String text = Files.readString(FoundCases.corpusRoot().resolve("FORMAT.md"));
        for (OpSyntax.Form form : OpSyntax.forms()) {
            assertThat(text).contains("| `" + form.name() + "` |");
        }
        for (ArgType type : ArgType.values()) {
            assertThat(text).contains("| " + type.name().toLowerCase() + " |");
        }
    }

    @Test
    void aChangedTableIsDetected() throws IOException {
        String text = Files.readString(FoundCases.corpusRoot().resolve("FORMAT.md"));
        String broken = text.replace("| `munmap` |", "| `unmap` |");
        assertThat(FormatDoc.stale(broken)).containsExactly("operations");
        assertThat(FormatDoc.update(broken)).isEqualTo(text);
    }
}
