package io.mapdirect.mm;

import static io.mapdirect.mm.MmapFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.FlagProfile;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The validator against {@link MmapDecisionTable}, a second, differently written statement of the same
 * rules (spec §2.5 and 7, [01] [02] [06]), over generated calls: every single bit, pairs and random flag
 * words with every map type, valid or not; PROT variants; every open mode; the file kinds of both
 * profiles; awkward lengths, offsets and addresses; both profiles. And [01]'s LEGACY_DOWNGRADE.
 */
class MmapValidatorTableProperties {
    private static final List<FileOps> FILE_KINDS = List.of(FileOps.tmpfs(), FileOps.tmpfs().withNoexecMount(true),
            FileOps.plain("btrfs"), FileOps.ext4(), FileOps.ext4Dax(), FileOps.xfs(), FileOps.xfsDax(),
            FileOps.xfsDax().withDax(true, false), FileOps.xfs().withAppendOnly(true), FileOps.directory("dir"),
            FileOps.hugetlbfs(21), FileOps.hugetlbfs(30));

    private static final List<MmapEnv> ENVS = List.of(MmapEnv.unprivileged(), MmapEnv.root(),
            MmapEnv.root().withHugePages(21, List.of(new MmapEnv.HugePagePool(21, 4), new MmapEnv.HugePagePool(30, 1))),
            MmapEnv.unprivileged().withMemlock(0, 0), MmapEnv.unprivileged().withMemlock(64 << 10, 60 << 10),
            MmapEnv.root().withMemlock(0, 0).withMmapMinAddr(0),
            MmapEnv.root().withMap32BitStartBytes(MmapEnv.MAP_32BIT_START).withHugePages(30, List.of()));

    private static final List<Integer> PROTS = List.of(PROT_NONE, PROT_READ, PROT_WRITE, PROT_READ | PROT_WRITE,
            PROT_EXEC, PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC);

    /** Validator and table agree on every generated call. */
    @Property(tries = 4000, edgeCases = EdgeCasesMode.NONE, seed = "20171006")
    void validatorAgreesWithTheTable(@ForAll FlagProfile profile, @ForAll("requests") MmapRequest request,
                                     @ForAll("files") MmapFile file, @ForAll("envs") MmapEnv env) {
        MmapVerdict verdict = MmapValidator.validate(profile, request, file, env);
        MmapDecisionTable.Row row = MmapDecisionTable.firstRow(profile, request, file, env);
        assertThat(verdict.brief())
                .as("%s %s on %s: validator %s, table row %s", profile, request, file, verdict,
                        row == null ? "none" : row.name())
                .isEqualTo(row == null ? "OK" : row.errno().name());
        Statistics.label("deciding row").collect(row == null ? "mapped" : row.name());
    }

    /**
     * One hand-picked call per row of the table, decided by that row, and the validator agrees: every rule
     * is exercised whatever the random generators happen to pick.
     */
    @Example
    void everyRowOfTheTableHasAWitnessTheValidatorAgreesWith() {
        List<String> covered = new ArrayList<>();
        for (MmapRowWitnesses.Witness witness : MmapRowWitnesses.ALL) {
            MmapDecisionTable.Row row = MmapDecisionTable.firstRow(witness.profile(), witness.request(), witness.file(),
                    witness.env());
            String rowName = row == null ? MmapRowWitnesses.MAPPED : row.name();
            assertThat(rowName).as("witness for %s decided by", witness.row()).isEqualTo(witness.row());
            assertThat(MmapValidator.validate(witness.profile(), witness.request(), witness.file(), witness.env()).brief())
                    .as("validator on the witness for %s", witness.row())
                    .isEqualTo(row == null ? "OK" : row.errno().name());
            covered.add(rowName);
        }
        List<String> expected = new ArrayList<>(List.of(MmapRowWitnesses.MAPPED));
        for (MmapDecisionTable.Row row : MmapDecisionTable.ROWS) {
            if (!row.name().equals(MmapDecisionTable.UNREACHABLE_ON_64_BIT)) {
                expected.add(row.name());
            }
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Every single bit with every map type (0..15), both profiles, every file kind and open mode, a few prots. */
    @Example
    void everySingleBitWithEveryMapTypeAgrees() {
        List<String> disagreements = new ArrayList<>();
        for (FlagProfile profile : FlagProfile.values()) {
            for (int bit = 4; bit < 32; bit++) {
                for (int type = 0; type <= MAP_TYPE; type++) {
                    for (int prot : new int[] {PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC}) {
                        MmapRequest request = MmapRequest.of(PAGE_SIZE, prot, (1 << bit) | type);
                        for (MmapFile file : allFiles()) {
                            for (MmapEnv env : List.of(MmapEnv.unprivileged(), MmapEnv.root())) {
                                compare(profile, request, file, env, disagreements);
                            }
                        }
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    /**
     * [01] LEGACY_DOWNGRADE: for flags within the legacy mask, MAP_SHARED_VALIDATE and MAP_SHARED give the
     * same result on every file kind, open mode and prot. MAP_ANONYMOUS is left out: it is a legacy bit,
     * but anonymous memory has no MAP_SHARED_VALIDATE case at all (EINVAL), in both profiles.
     */
    @Property(tries = 2000, seed = "20171006")
    void legacyOnlySharedValidateIsShared(@ForAll FlagProfile profile, @ForAll int bits,
                                          @ForAll("prots") int prot, @ForAll("files") MmapFile file,
                                          @ForAll("envs") MmapEnv env) {
        int legacy = bits & legacyMapMask(profile) & ~MAP_TYPE & ~MAP_ANONYMOUS;
        MmapRequest shared = MmapRequest.of(3 * PAGE_SIZE, prot, MAP_SHARED | legacy);
        MmapVerdict viaShared = MmapValidator.validate(profile, shared, file, env);
        MmapVerdict viaValidate = MmapValidator.validate(profile, shared.withFlags(MAP_SHARED_VALIDATE | legacy), file, env);
        assertThat(viaValidate.brief()).isEqualTo(viaShared.brief());
        if (viaValidate instanceof MmapVerdict.Mapped validated && viaShared instanceof MmapVerdict.Mapped plain) {
            assertThat(validated.vmFlags()).isEqualTo(plain.vmFlags());
            assertThat(validated.lengthBytes()).isEqualTo(plain.lengthBytes());
            assertThat(validated.callsMmapValidate()).as("[01]: legacy flags invoke ->mmap()").isFalse();
            assertThat(validated.effectiveFlags() & ~MAP_TYPE).isEqualTo(plain.effectiveFlags() & ~MAP_TYPE);
        }
    }

    private static void compare(FlagProfile profile, MmapRequest request, MmapFile file, MmapEnv env,
                                List<String> disagreements) {
        String model = MmapValidator.validate(profile, request, file, env).brief();
        String table = MmapDecisionTable.expect(profile, request, file, env);
        if (!model.equals(table)) {
            disagreements.add(profile + " " + request + " on " + file + ": validator " + model + ", table " + table);
        }
    }

    private static List<MmapFile> allFiles() {
        List<MmapFile> files = new ArrayList<>();
        files.add(MmapFile.BAD_FD);
        for (FileOps ops : FILE_KINDS) {
            for (OpenMode mode : OpenMode.values()) {
                files.add(MmapFile.open(mode, ops));
            }
        }
        return files;
    }

    @Provide
    Arbitrary<MmapRequest> requests() {
        Arbitrary<Long> lengths = mostly(PAGE_SIZE, List.of(0L, 1L, 3 * PAGE_SIZE, 2L << 20, (2L << 20) + 1, 1L << 30,
                MmapEnv.X86_64_TASK_SIZE, MmapEnv.X86_64_TASK_SIZE + 1, 1L << 57, -4095L, -1L, Long.MAX_VALUE,
                MmapEnv.MAP_32BIT_END - MmapEnv.MAP_32BIT_START_RANDOMIZED_MAX + 1));
        Arbitrary<Long> offsets = mostly(0L, List.of(PAGE_SIZE, 1L, 2L << 20, 1L << 30, 0x7ffffffffffff000L, Long.MIN_VALUE,
                -PAGE_SIZE, 0x7fffffffffe00000L));
        Arbitrary<Long> addrs = mostly(0L, List.of(PAGE_SIZE, 65536L, 65537L, 2L << 20, 1L << 30,
                MmapEnv.X86_64_TASK_SIZE - PAGE_SIZE, -PAGE_SIZE));
        return Combinators.combine(addrs, lengths, prots(), flagWords(), offsets).as(MmapRequest::new);
    }

    /** {@code usual} half the time, one of {@code others} otherwise. */
    private static <T> Arbitrary<T> mostly(T usual, List<T> others) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(usual)), Tuple.of(1, Arbitraries.of(others)));
    }

    @Provide
    Arbitrary<Integer> flagWords() {
        Arbitrary<Integer> bitIndex = Arbitraries.integers().between(0, 31);
        Arbitrary<Integer> single = bitIndex.map(bit -> 1 << bit);
        Arbitrary<Integer> pair = Combinators.combine(bitIndex, bitIndex).as((a, b) -> (1 << a) | (1 << b));
        Arbitrary<Integer> words = Arbitraries.oneOf(single, pair, Arbitraries.integers());
        Arbitrary<Integer> types = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE)),
                Tuple.of(1, Arbitraries.of(MAP_DROPPABLE, 0)),
                Tuple.of(1, Arbitraries.integers().between(0, MAP_TYPE)));
        Arbitrary<Integer> extras = Arbitraries.of(0, 0, MAP_ANONYMOUS, MAP_ANONYMOUS | MAP_HUGETLB,
                MAP_SYNC, MAP_NORESERVE | MAP_HUGETLB, MAP_FIXED, MAP_FIXED_NOREPLACE);
        return Combinators.combine(words, types, extras).as((word, type, extra) -> (word & ~MAP_TYPE) | type | extra);
    }

    @Provide
    Arbitrary<Integer> prots() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(PROTS)),
                Tuple.of(1, Arbitraries.of(PROT_READ | PROT_GROWSDOWN, PROT_READ | PROT_WRITE | PROT_SEM,
                        PROT_GROWSUP)),
                Tuple.of(1, Arbitraries.integers()));
    }

    @Provide
    Arbitrary<MmapFile> files() {
        return Arbitraries.of(allFiles());
    }

    @Provide
    Arbitrary<MmapEnv> envs() {
        return Arbitraries.of(ENVS);
    }
}
