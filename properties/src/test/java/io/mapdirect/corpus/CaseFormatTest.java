package io.mapdirect.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseRunnerTest;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaseFormatTest {
    @Test
    void writtenCaseReadsBackEqual() throws CorpusException {
        Case c = CaseRunnerTest.s2(Set.of());
        String text = CaseWriter.write(c);
        assertThat(CaseParser.parse("s2.case", text)).isEqualTo(c);
        assertThat(text).contains("p0: r1 = mmap(len=16384, prot=READ|WRITE, flags=SHARED_VALIDATE|DIRECT, fd=r0)");
    }

    @Test
    void errorsNameFileLineAndColumn() {
        String text = CaseWriter.write(CaseRunnerTest.s2(Set.of())).replace("flags=O_RDWR", "flags=O_RDWX");
        assertThatThrownBy(() -> CaseParser.parse("bad.case", text))
                .isInstanceOf(CorpusException.class)
                .hasMessageContaining("bad.case:14:34:")
                .hasMessageContaining("open flags");
    }

    @Test
    void unknownOperationIsAnError() {
        String text = CaseWriter.write(CaseRunnerTest.s2(Set.of())).replace("truncate(", "trunc(");
        assertThatThrownBy(() -> CaseParser.parse("bad.case", text)).hasMessageContaining("unknown operation 'trunc'");
    }

    @Test
    void missingHeaderIsAnError() {
        String text = CaseWriter.write(CaseRunnerTest.s2(Set.of())).replace("# expect: pass\n", "");
        assertThatThrownBy(() -> CaseParser.parse("bad.case", text)).hasMessageContaining("missing header line '# expect");
    }
}
