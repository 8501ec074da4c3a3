package io.mapdirect.live.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Real XFS is the oracle for the model's block map (non-DAX): generated sequences of pwrite, fallocate in
 * every mode, truncate, ftruncate, FICLONE, FICLONERANGE and fsync ({@link XfsSequences}) run on a
 * loop-backed XFS with reflink ({@link KernelXfsRun}) and through the model ({@link ModelXfsRun}); after
 * every call both must show the same answer, sizes, block states (written, unwritten, shared, hole, and
 * which blocks share a physical block) and data, unless {@code docs/xfs-oracle.md} lists the shrunk
 * sequence with exactly those two renderings. Skipped, with the reason, where no XFS can be mounted.
 */
@Tag("live-kernel")
@Tag("live-xfs")
@AddLifecycleHook(XfsSkip.class)
class XfsBlockMapProperties {
    private static final XfsDifferences DIFFERENCES = XfsDifferences.load();

    @Property(tries = 300, seed = "20171012", edgeCases = EdgeCasesMode.NONE)
    void blockMapAgreesWithXfs(@ForAll("sequences") XfsSequences.Sequence sequence) {
        List<XfsStep> kernel = KernelXfsRun.run(XfsLoopMount.ready(), sequence.fileCount(), sequence.ops());
        List<XfsStep> model = ModelXfsRun.run(sequence.fileCount(), sequence.ops());
        String kernelSays = XfsStep.render(kernel);
        String modelSays = XfsStep.render(model);
        Statistics.label("calls answered with an error").collect(kernelSays.contains("EINVAL") || kernelSays.contains("EOPNOTSUPP"));
        Statistics.label("shared blocks").collect(kernelSays.contains("*"));
        Statistics.label("a clone succeeded").collect(cloneSucceeded(sequence.ops(), kernel));
        Statistics.label("files").collect(sequence.fileCount());
        Statistics.label("calls").collect(sequence.ops().size() <= 4 ? "1-4" : sequence.ops().size() <= 8 ? "5-8" : "9+");
        Statistics.label("unwritten blocks").collect(kernelSays.contains("U"));
        if (kernelSays.equals(modelSays)) {
            return;
        }
        Optional<XfsDifferences.Row> documented = DIFFERENCES.find(sequence.toString());
        if (documented.isPresent()) {
            assertThat(kernelSays + " / " + modelSays).as("documented difference %s", sequence)
                    .isEqualTo(documented.get().kernelSays() + " / " + documented.get().modelSays());
            return;
        }
        assertThat(firstDifference(kernel, model)).as("model vs XFS (%s) on %s", System.getProperty("os.version"),
                sequence).isEmpty();
    }

    /** The differences table stays honest: every row, run again, differs exactly as written. */
    @Example
    void documentedXfsDifferencesStillOccur() {
        for (XfsDifferences.Row row : DIFFERENCES.rows()) {
            int files = XfsDifferences.fileCount(row.sequence());
            List<XfsOp> ops = XfsOp.parseAll(row.sequence().substring(row.sequence().indexOf(':') + 1));
            assertThat(XfsStep.render(KernelXfsRun.run(XfsLoopMount.ready(), files, ops)))
                    .as("kernel on documented %s", row.sequence()).isEqualTo(row.kernelSays());
            assertThat(XfsStep.render(ModelXfsRun.run(files, ops)))
                    .as("model on documented %s", row.sequence()).isEqualTo(row.modelSays());
        }
    }

    /** INSERT_RANGE, call by call: a hole opens at the offset and the data after it moves up. */
    @Example
    void insertRangeShiftsTheTailOnBothSides() {
        List<XfsOp> ops = XfsOp.parseAll("pwrite f0 0 12288, fallocate f0 INSERT_RANGE 4096 8192,"
                + " fallocate f0 INSERT_RANGE 20480 4096, fallocate f0 INSERT_RANGE 4096 2048");
        String expected = "OK f0 size=12288 [W W W] data=[1,1,1]; OK f0 size=20480 [W . . W W] data=[1,0,0,1,1];"
                + " EINVAL f0 size=20480 [W . . W W] data=[1,0,0,1,1]; EINVAL f0 size=20480 [W . . W W] data=[1,0,0,1,1]";
        assertThat(XfsStep.render(KernelXfsRun.run(XfsLoopMount.ready(), 1, ops))).isEqualTo(expected);
        assertThat(XfsStep.render(ModelXfsRun.run(1, ops))).isEqualTo(expected);
    }

    @Provide
    Arbitrary<XfsSequences.Sequence> sequences() {
        return XfsSequences.sequences(12);
    }

    private static boolean cloneSucceeded(List<XfsOp> ops, List<XfsStep> steps) {
        for (int i = 0; i < ops.size(); i++) {
            boolean clone = ops.get(i) instanceof XfsOp.Ficlone || ops.get(i) instanceof XfsOp.FicloneRange;
            if (clone && steps.get(i).answer().equals("OK")) {
                return true;
            }
        }
        return false;
    }

    /** The first step on which the two sides differ, with both renderings; empty if none. */
    static String firstDifference(List<XfsStep> kernel, List<XfsStep> model) {
        for (int i = 0; i < Math.min(kernel.size(), model.size()); i++) {
            String k = kernel.get(i).render();
            String m = model.get(i).render();
            if (!k.equals(m)) {
                return "step " + (i + 1) + ":\n  kernel: " + k + "\n  model:  " + m
                        + "\n  whole kernel: " + XfsStep.render(kernel) + "\n  whole model:  " + XfsStep.render(model);
            }
        }
        return kernel.size() == model.size() ? "" : "different step counts";
    }
}
