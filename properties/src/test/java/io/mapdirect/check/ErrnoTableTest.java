package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.events.Op;
import io.mapdirect.events.OpResult;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;
import io.mapdirect.world.World;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** ERRNO's state-aware rule table: what each pre-state allows, and the checker firing on the corpus. */
class ErrnoTableTest {
    private static final OpResult EBADF = new OpResult.Err(Errno.EBADF);
    private static final OpResult EACCES = new OpResult.Err(Errno.EACCES);
    private static final OpResult EINVAL = new OpResult.Err(Errno.EINVAL);
    private static final OpResult EOPNOTSUPP = new OpResult.Err(Errno.EOPNOTSUPP);

    static final String STATES = """
            # title: ERRNO pre-states
            # variant: V8
            # expect: pass

            world lease_break_time=45s pmem=16 dax=on
            device nic iommu=strict
            file /xfs/f owner=1000 blocks=WWWW
            file /plain/p owner=1000 blocks=WW
            process p0 uid=1000
            process p1 uid=1001

            p0: write(fd=r9, len=4096)
            p0: r0 = open(path=/xfs/f, flags=O_RDONLY)
            p0: write(fd=r0, len=4096)
            p0: r1 = mmap(len=16384, prot=RW, flags=SHARED, fd=r0)
            p0: r2 = mmap(len=0, prot=READ, flags=SHARED, fd=r0)
            p0: r3 = mmap(len=4096, prot=READ, flags=SHARED, fd=r0, off=100)
            p0: r4 = open(path=/xfs/f, flags=O_RDWR)
            p0: r5 = mmap(len=4096, prot=READ, flags=SHARED_VALIDATE|0x800000, fd=r4)
            p0: close(fd=r0)
            p0: close(fd=r0)
            p1: r6 = open(path=/xfs/f, flags=O_RDONLY)
            p1: setlease(fd=r6, type=F_RDLCK)
            p1: r7 = mmap(len=4096, prot=READ, flags=SHARED_VALIDATE|DIRECT, fd=r6)
            p0: r8 = open(path=/plain/p, flags=O_RDWR)
            p0: r10 = mmap(len=4096, prot=READ, flags=SHARED_VALIDATE|DIRECT, fd=r8)
            p0: load(addr=r1)

            schedule:
            """;

    private static Allowed allowed(ErrnoTable table, String actor, int index) {
        Allowed allowed = table.allowedFor(actor, index);
        assertThat(allowed).as(actor + "#" + index + " started").isNotNull();
        return allowed;
    }

    @Test
    @DisplayName("each pre-state decides its errno: closed fd, read-only fd, length 0, unaligned offset, unknown flags, non-owner lease")
    void preStatesDecideTheErrno() {
        ErrnoTable table = new ErrnoTable();
        CaseResult result = CheckCases.run(CheckCases.parse("states", STATES), table);
        assertThat(result.violations()).as("the model agrees with every rule").isEmpty();
        assertThat(allowed(table, "p0", 0).permits(EBADF)).as("write to a never-opened fd").isTrue();
        assertThat(allowed(table, "p0", 0).permits(OpResult.ZERO)).isFalse();
        assertThat(allowed(table, "p0", 2).permits(EBADF)).as("write to an O_RDONLY fd").isTrue();
        assertThat(allowed(table, "p0", 2).permits(new OpResult.Value(4096))).isFalse();
        assertThat(allowed(table, "p0", 3).permits(EACCES)).as("shared PROT_WRITE of an O_RDONLY fd").isTrue();
        assertThat(allowed(table, "p0", 3).permits(new OpResult.Value(0x10000000))).isFalse();
        assertThat(allowed(table, "p0", 4).errnos()).as("length 0").containsExactly(Errno.EINVAL);
        assertThat(allowed(table, "p0", 5).errnos()).as("unaligned offset").containsExactly(Errno.EINVAL);
        assertThat(allowed(table, "p0", 8).permits(OpResult.ZERO)).as("close of an open fd").isTrue();
        assertThat(allowed(table, "p0", 9).errnos()).as("close of a closed fd").containsExactly(Errno.EBADF);
        assertThat(allowed(table, "p1", 1).errnos()).as("setlease by a non-owner").containsExactly(Errno.EACCES);
        assertThat(allowed(table, "p1", 2).permits(EACCES)).as("MAP_DIRECT lease by a non-owner").isTrue();
        assertThat(allowed(table, "p1", 2).permits(new OpResult.Value(0x10000000))).isFalse();
        assertThat(allowed(table, "p0", 11).errnos()).as("MAP_SHARED_VALIDATE|MAP_DIRECT off XFS")
                .containsExactly(Errno.EOPNOTSUPP);
        assertThat(allowed(table, "p0", 12).signals()).as("load through a mapping that failed").containsExactly(Signal.SIGSEGV);
    }

    @Test
    @DisplayName("MAP_SHARED_VALIDATE with a flag xfs_file_mmap_validate() does not know is EOPNOTSUPP only")
    void unknownValidateFlagIsEopnotsupp() {
        ErrnoTable table = new ErrnoTable();
        CheckCases.run(CheckCases.parse("states", STATES), table);
        Allowed unknownFlag = allowed(table, "p0", 7);
        assertThat(unknownFlag.errnos()).containsExactly(Errno.EOPNOTSUPP);
        assertThat(unknownFlag.permits(EOPNOTSUPP)).isTrue();
        assertThat(unknownFlag.permits(new OpResult.Value(0x10000000))).isFalse();
    }

    @Test
    @DisplayName("every kind of operation has a rule: the sealed Op's permits, each with a sample, get an answer")
    void everyOpKindHasARule() throws Exception {
        CaseResult result = CheckCases.run(CheckCases.parse("states", STATES));
        World world = result.world();
        PreState pre = new PreState(world, world.processes().byName("p0"), Map.of());
        Class<?>[] kinds = Op.class.getPermittedSubclasses();
        assertThat(kinds).hasSizeGreaterThanOrEqualTo(31);
        for (Class<?> kind : kinds) {
            Op sample = sample(kind);
            assertThat(ErrnoRules.allowed(sample, "p0", pre)).as(kind.getSimpleName()).isNotNull();
        }
    }

    /** An instance of the record {@code kind} with "r0" for names and 0 for numbers. */
    private static Op sample(Class<?> kind) throws Exception {
        RecordComponent[] components = kind.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = types[i] == String.class ? (components[i].getName().equals("signal") ? "SIGINT" : "r0")
                    : types[i] == int.class ? (Object) 0 : (Object) 0L;
        }
        Constructor<?> constructor = kind.getDeclaredConstructor(types);
        return (Op) constructor.newInstance(values);
    }

    @Test
    @DisplayName("ERRNO fires on the posted LEASE_DIRECT_EAGAIN_AS_ENXIO (reg_mr EAGAIN) and not on its repaired twin")
    void firesOnPostedEagainNotOnRepaired() throws Exception {
        Case posted = CheckCases.parse("posted", Files.readString(corpus("repairs/lease-direct-eagain-as-enxio-posted.case")));
        Case repaired = CheckCases.parse("repaired",
                Files.readString(corpus("repairs/lease-direct-eagain-as-enxio-repaired.case")));
        assertThat(CheckCases.run(posted, new ErrnoTable()).violated(InvariantId.ERRNO)).isTrue();
        assertThat(CheckCases.run(repaired, new ErrnoTable()).violations()).isEmpty();
    }

    static Path corpus(String name) {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.isDirectory(here.resolve("fuzz-corpus")) ? here : here.getParent();
        return root.resolve("fuzz-corpus/cases").resolve(name);
    }
}
