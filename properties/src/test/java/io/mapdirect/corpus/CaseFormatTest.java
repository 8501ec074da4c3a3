package io.mapdirect.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseRunnerTest;
import io.mapdirect.harness.WorldSpec;
import io.mapdirect.iommu.IommuVendor;
import io.mapdirect.kernel.Capability;
import java.util.List;
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
    void iommuVendorIsWrittenOnlyWhenNotTheDefaultAndReadsBack() throws CorpusException {
        Case amd = CaseRunnerTest.s2(Set.of());
        assertThat(CaseWriter.write(amd)).doesNotContain("iommu_vendor");
        WorldSpec w = amd.world();
        Case intel = amd.withWorld(new WorldSpec(w.leaseBreakTimeSec(), w.pmemBlocks(), w.xfsDax(), w.devices(),
                w.devdax(), w.files(), w.processes(), w.allocFailures(), IommuVendor.INTEL));
        String text = CaseWriter.write(intel);
        assertThat(text).contains("dax=on iommu_vendor=intel\n");
        assertThat(CaseParser.parse("intel.case", text)).isEqualTo(intel);
        assertThatThrownBy(() -> CaseParser.parse("bad.case", text.replace("iommu_vendor=intel", "iommu_vendor=arm")))
                .hasMessageContaining("iommu_vendor must be amd or intel");
    }

    @Test
    void fsuidIsWrittenOnlyWhenItDiffersFromTheUidAndReadsBack() throws CorpusException {
        Case plain = CaseRunnerTest.s2(Set.of());
        assertThat(CaseWriter.write(plain)).doesNotContain("fsuid");
        WorldSpec w = plain.world();
        Case other = plain.withWorld(new WorldSpec(w.leaseBreakTimeSec(), w.pmemBlocks(), w.xfsDax(), w.devices(),
                w.devdax(), w.files(), List.of(new WorldSpec.ProcessSpec("p0", 1000, 1000, Set.of()),
                        new WorldSpec.ProcessSpec("p1", 1001, 1000, Set.of(Capability.CAP_LEASE))),
                w.allocFailures(), w.iommuVendor()));
        String text = CaseWriter.write(other);
        assertThat(text).contains("process p0 uid=1000\n", "process p1 uid=1001 fsuid=1000 caps=CAP_LEASE\n");
        assertThat(CaseParser.parse("fsuid.case", text)).isEqualTo(other);
        assertThat(CaseParser.parse("default.case", text.replace(" fsuid=1000", "")).world().processes().get(1).fsuid())
                .isEqualTo(1001);
        assertThatThrownBy(() -> CaseParser.parse("bad.case", text.replace("fsuid=1000", "fsuid=70000")))
                .hasMessageContaining("fsuid");
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
