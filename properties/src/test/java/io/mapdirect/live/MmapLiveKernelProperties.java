package io.mapdirect.live;

import static io.mapdirect.mm.MmapFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.mm.MmapValidator;
import io.mapdirect.mm.OpenMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Assumptions;

/**
 * spec §8: the live kernel is the oracle for the {@link FlagProfile#LINUX_6X} profile. The same mmap
 * calls run on real files (the root filesystem and tmpfs) through mmap(2) and through
 * {@link MmapValidator}; both must give the same success or errno, except for the differences
 * documented, with their reasons, in {@code kernel-differences.md}, which this test owns: it accepts
 * exactly those rows, and a row that no longer differs fails it. Skipped, with the reason, where the
 * kernel or the filesystem cannot be used ({@link LiveKernelSkip}).
 */
@Tag("live-kernel")
@AddLifecycleHook(LiveKernelSkip.class)
class MmapLiveKernelProperties {
    private static final KernelDifferences DIFFERENCES = KernelDifferences.load();

    @AfterContainer
    static void deleteFixtures() {
        LiveFixtures.deleteAll();
    }

    /** spec §8: generated calls on a file in /dev/shm agree with the model, or are documented differences. */
    @Property(tries = 300, seed = "20171006")
    @OnFilesystem(LiveFilesystem.TMPFS)
    void tmpfsAgreesWithTheModel(@ForAll("calls") LiveMmapCall call) {
        compare(LiveFilesystem.TMPFS, call);
    }

    /** spec §8: generated calls on a file on the root filesystem agree with the model, or are documented. */
    @Property(tries = 300, seed = "20171006")
    @OnFilesystem(LiveFilesystem.ROOT)
    void rootFilesystemAgreesWithTheModel(@ForAll("calls") LiveMmapCall call) {
        compare(LiveFilesystem.ROOT, call);
    }

    /** spec §8: every single flag bit with every map type (0..15), on every fd, agrees on tmpfs. */
    @Example
    @OnFilesystem(LiveFilesystem.TMPFS)
    void everySingleBitWithEveryMapTypeOnTmpfs() {
        sweep(LiveFilesystem.TMPFS);
    }

    /** spec §8: every single flag bit with every map type (0..15), on every fd, agrees on the root filesystem. */
    @Example
    @OnFilesystem(LiveFilesystem.ROOT)
    void everySingleBitWithEveryMapTypeOnTheRootFilesystem() {
        sweep(LiveFilesystem.ROOT);
    }

    /** spec §7 and S7 as the live kernel answers them on tmpfs: see {@link #spec7Facts}. */
    @Example
    @OnFilesystem(LiveFilesystem.TMPFS)
    void spec7FactsHoldOnTmpfs() {
        spec7Facts(LiveFilesystem.TMPFS);
    }

    /** spec §7 and S7 as the live kernel answers them on the root filesystem: see {@link #spec7Facts}. */
    @Example
    @OnFilesystem(LiveFilesystem.ROOT)
    void spec7FactsHoldOnTheRootFilesystem() {
        spec7Facts(LiveFilesystem.ROOT);
    }

    /**
     * Length 0 and no map type are EINVAL, an O_WRONLY fd is EACCES, PROT_WRITE on an O_RDONLY fd is
     * EACCES for shared (not private) mappings, MAP_SHARED_VALIDATE with an unknown bit is EOPNOTSUPP while
     * MAP_SHARED drops it, legacy-only MAP_SHARED_VALIDATE maps like MAP_SHARED, MAP_SYNC without fs-DAX
     * is EOPNOTSUPP: the kernel and the model both say so.
     */
    private static void spec7Facts(LiveFilesystem filesystem) {
        expect(filesystem, file(OpenMode.O_RDWR, PROT_READ, MAP_SHARED).withLength(0), "EINVAL");
        expect(filesystem, file(OpenMode.O_RDWR, PROT_READ, MAP_POPULATE), "EINVAL");
        expect(filesystem, file(OpenMode.O_WRONLY, PROT_READ, MAP_SHARED), "EACCES");
        expect(filesystem, file(OpenMode.O_RDONLY, PROT_READ | PROT_WRITE, MAP_SHARED), "EACCES");
        expect(filesystem, file(OpenMode.O_RDONLY, PROT_READ | PROT_WRITE, MAP_PRIVATE), "OK");
        expect(filesystem, file(OpenMode.O_RDWR, PROT_READ, MAP_SHARED_VALIDATE | 0x200), "EOPNOTSUPP");
        expect(filesystem, file(OpenMode.O_RDWR, PROT_READ, MAP_SHARED | 0x200), "OK");
        expect(filesystem, file(OpenMode.O_RDWR, PROT_READ, MAP_SHARED_VALIDATE | MAP_POPULATE), "OK");
        expect(filesystem, file(OpenMode.O_RDWR, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_SYNC), "EOPNOTSUPP");
    }

    /**
     * The table stays honest: every documented difference, run again here, still differs, and exactly as
     * documented. A row whose filesystem is missing here cannot be checked and is skipped.
     */
    @Example
    void documentedDifferencesStillOccur() {
        List<String> unchecked = new ArrayList<>();
        for (KernelDifferences.Difference row : DIFFERENCES.rows()) {
            LiveFilesystem filesystem = LiveFilesystem.valueOf(row.fields().get("fs").toUpperCase(java.util.Locale.ROOT));
            if (!(LiveFixtures.get(filesystem) instanceof LiveFilesystem.Prepared.Ready ready)) {
                unchecked.add(row.caseText());
                continue;
            }
            LiveObservation seen = LiveObservation.of(ready.fixture(), LiveMmapCall.fromFields(row.fields()));
            assertThat(seen.notCompared()).as("documented case %s must be comparable", row.caseText()).isNull();
            assertThat(seen.kernel()).as("kernel on documented case %s", row.caseText()).isEqualTo(row.kernelSays());
            assertThat(seen.model()).as("model on documented case %s", row.caseText()).isEqualTo(row.modelSays());
        }
        Assumptions.assumeTrue(unchecked.isEmpty(), () -> "no filesystem here to check the documented " + unchecked);
    }

    @Provide
    Arbitrary<LiveMmapCall> calls() {
        return LiveCallArbitraries.calls();
    }

    private static void compare(LiveFilesystem filesystem, LiveMmapCall call) {
        LiveFilesystem.Fixture fixture = ready(filesystem);
        LiveObservation seen = LiveObservation.of(fixture, call);
        Assume.that(seen.compared());
        Statistics.label("kernel says").collect(seen.kernel());
        Optional<KernelDifferences.Difference> documented = DIFFERENCES.find(call, fixture.name());
        if (documented.isPresent()) {
            assertThat(seen.kernel() + " / " + seen.model()).as("documented difference %s", call.caseText(fixture.name()))
                    .isEqualTo(documented.get().kernelSays() + " / " + documented.get().modelSays());
            return;
        }
        assertThat(seen.model()).as("model vs kernel %s (%s)", call.caseText(fixture.name()), LiveKernel.release())
                .isEqualTo(seen.kernel());
    }

    private static void sweep(LiveFilesystem filesystem) {
        LiveFilesystem.Fixture fixture = ready(filesystem);
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (int bit = 4; bit < 32; bit++) {
            for (int type = 0; type <= MAP_TYPE; type++) {
                for (LiveMmapCall call : fdVariants((1 << bit) | type)) {
                    LiveObservation seen = LiveObservation.of(fixture, call);
                    if (!seen.compared()) {
                        continue;
                    }
                    compared++;
                    boolean documented = DIFFERENCES.find(call, fixture.name())
                            .filter(row -> row.kernelSays().equals(seen.kernel()) && row.modelSays().equals(seen.model()))
                            .isPresent();
                    if (!seen.agree() && !documented) {
                        disagreements.add(call.caseText(fixture.name()) + ": kernel " + seen.kernel() + ", model "
                                + seen.model());
                    }
                }
            }
        }
        assertThat(compared).as("calls compared").isGreaterThan(4000);
        assertThat(disagreements).as("on %s (%s)", fixture.mount(), LiveKernel.release()).isEmpty();
    }

    /** The fds and prots the sweep tries each flag word with. */
    private static List<LiveMmapCall> fdVariants(int flags) {
        List<LiveMmapCall> calls = new ArrayList<>();
        for (OpenMode mode : OpenMode.values()) {
            for (int prot : new int[] {PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC}) {
                calls.add(new LiveMmapCall(LiveMmapCall.Fd.FILE, mode, false, PAGE_SIZE, prot, flags, 0));
            }
        }
        calls.add(new LiveMmapCall(LiveMmapCall.Fd.DIR, OpenMode.O_RDONLY, false, PAGE_SIZE, PROT_READ, flags, 0));
        calls.add(new LiveMmapCall(LiveMmapCall.Fd.BAD, OpenMode.O_RDONLY, false, PAGE_SIZE, PROT_READ, flags, 0));
        return calls;
    }

    private static void expect(LiveFilesystem filesystem, LiveMmapCall call, String expected) {
        LiveFilesystem.Fixture fixture = ready(filesystem);
        LiveObservation seen = LiveObservation.of(fixture, call);
        assertThat(seen.kernel()).as("kernel on %s", call.caseText(fixture.name())).isEqualTo(expected);
        assertThat(seen.model()).as("model on %s", call.caseText(fixture.name())).isEqualTo(expected);
    }

    private static LiveMmapCall file(OpenMode mode, int prot, int flags) {
        return new LiveMmapCall(LiveMmapCall.Fd.FILE, mode, false, 3 * PAGE_SIZE, prot, flags, 0);
    }

    private static LiveFilesystem.Fixture ready(LiveFilesystem filesystem) {
        if (LiveFixtures.get(filesystem) instanceof LiveFilesystem.Prepared.Ready ready) {
            return ready.fixture();
        }
        throw new IllegalStateException(filesystem + " is not ready; LiveKernelSkip should have skipped this test");
    }

}
