package io.mapdirect.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.Inode;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunResult;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 3's "done when": random single-process sequences of every part-1 call (open, close, read,
 * write, fallocate, truncate, ftruncate, fsync, FICLONE, F_SETLEASE/F_GETLEASE, the lease-break-time
 * sysctl, mmap, munmap, mprotect, msync, loads, stores, flushes), in both flag profiles, on a DAX or
 * non-DAX XFS mount, with arguments drawn from valid values, edge values and garbage. Every run
 * completes (no Java exception escapes the model: it would be a crash), every call returns a result,
 * and after the process exits no lease is left, every {@code i_mapdcount} is 0, no file is open and
 * the XFS block accounting is clean.
 */
class SyscallSequenceProperties {
    static final String SEED = "20171006";
    static final long PAGE = 4096;
    static final String[] PATHS = {"/xfs/f", "/xfs/g", "/plain/f", "/dev/dax0", "/nomount/x", "/xfs/"};

    enum Kind { OPEN, CLOSE, READ, WRITE, FALLOCATE, TRUNCATE, FTRUNCATE, FSYNC, FICLONE, SETLEASE, GETLEASE, LBT,
        MMAP, MUNMAP, MPROTECT, MSYNC, LOAD, STORE, FLUSH }

    /** One call: {@code a}, {@code b} pick fds, paths, mappings or flags; {@code x}, {@code y} are offsets and lengths. */
    record Call(Kind kind, int a, int b, long x, long y) { }

    record Case(FlagProfile profile, boolean dax, List<Call> calls) { }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Long> numbers = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 8).map(n -> n * PAGE),
                Arbitraries.longs().between(0, 9 * PAGE),
                Arbitraries.of(-1L, -PAGE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - PAGE + 1, 1L << 62,
                        io.mapdirect.mm.Mm.TASK_SIZE, 0x7fff_f000L));
        List<Tuple.Tuple2<Integer, Kind>> weights = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            weights.add(Tuple.of(switch (kind) {
                case MMAP -> 5;
                case LOAD, STORE -> 4;
                case MUNMAP, MPROTECT, WRITE -> 2;
                default -> 1;
            }, kind));
        }
        Arbitrary<Call> call = Combinators.combine(kinds(weights),
                Arbitraries.integers().between(-1, 7),
                Arbitraries.integers().between(0, 1 << 20), numbers, numbers).as(Call::new);
        return Combinators.combine(Arbitraries.of(FlagProfile.class), Arbitraries.of(true, false),
                call.list().ofMinSize(1).ofMaxSize(40)).as(Case::new);
    }

    @SuppressWarnings("unchecked")
    private static Arbitrary<Kind> kinds(List<Tuple.Tuple2<Integer, Kind>> weights) {
        return Arbitraries.frequency(weights.toArray(new Tuple.Tuple2[0]));
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE, seed = SEED)
    @Label("random single-process call sequences: the run completes, every call answers, nothing is left after exit")
    void everyCallAnswersAndExitLeavesNothing(@ForAll("cases") Case c) {
        WorldConfig defaults = WorldConfig.defaults();
        World world = World.boot(defaults.withKernel(defaults.kernel().withProfile(c.profile()))
                .withXfsDax(c.dax()).withDevdax(List.of(new WorldConfig.DevDax("dax0", 4, 1000))));
        Process p0 = world.process("P0", Creds.user(1000));
        List<SysResult> results = new ArrayList<>();
        List<Long> addresses = new ArrayList<>();
        List<Integer> fds = new ArrayList<>();
        world.start(p0, () -> {
            for (String path : new String[] {"/xfs/f", "/plain/f", "/dev/dax0"}) {
                fds.add((int) world.files().open(p0, path, OpenFlags.O_RDWR | OpenFlags.O_CREAT).valueOrThrow());
            }
            world.files().write(p0, fds.get(0), 0, 4 * PAGE, 1);
            world.files().write(p0, fds.get(1), 0, 4 * PAGE, 1);
            for (Call call : c.calls()) {
                SysResult result = perform(world, p0, call, fds, addresses);
                results.add(result);
                if (call.kind() == Kind.MMAP && result.isOk()) {
                    addresses.add(result.valueOrThrow());
                }
                if (call.kind() == Kind.OPEN && result.isOk()) {
                    fds.add((int) result.valueOrThrow());
                }
            }
            world.proc().exit(p0);
        });
        RunResult run = world.run();
        long ok = results.stream().filter(SysResult::isOk).count();
        Statistics.label("something mapped").collect(!addresses.isEmpty());
        Statistics.label("share of calls that succeeded").collect(ok * 4 / Math.max(1, results.size()) + "/4");
        Statistics.label("a signal was raised").collect(results.stream().anyMatch(r -> r instanceof SysResult.Sig));
        String replay = "seed " + SEED + ": mvn -B -q -pl reference-impl test -Dtest=SyscallSequenceProperties; case " + c;
        assertThat(run.completed()).as("%s%n%s", replay, run.outcome().describe()).isTrue();
        assertThat(results).as(replay).hasSize(c.calls().size()).doesNotContainNull();
        for (Inode inode : world.vfs().superBlocks().stream().flatMap(sb -> sb.inodes().stream()).toList()) {
            assertThat(inode.flctx().leasesSnapshot()).as("%s: leases left on %s", replay, inode).isEmpty();
            assertThat(inode.mapdcount()).as("%s: i_mapdcount of %s", replay, inode).isZero();
            assertThat(inode.openFiles()).as("%s: open files of %s", replay, inode).isEmpty();
        }
        assertThat(world.kernel().objects().live("file")).as(replay).isEmpty();
        assertThat(world.kernel().objects().live("map_direct_state")).as(replay).isEmpty();
        assertThat(world.xfs().allocator().accountingErrors(world.xfs().inodes().stream().map(XfsInode::map).toList()))
                .as(replay).isEmpty();
    }

    private static SysResult perform(World world, Process p, Call call, List<Integer> fds, List<Long> addresses) {
        String path = PATHS[Math.floorMod(call.b(), 8) < 5 ? Math.floorMod(call.b(), 3) : Math.floorMod(call.a(), PATHS.length)];
        int fd = call.a() < 0 || call.b() % 9 == 8 ? call.a() : fds.get(call.a() % fds.size());
        int otherFd = fds.get((call.b() >> 3) % fds.size());
        long small = call.b() % 4 == 3 ? call.y() : call.y() & 0x3fff;
        long offset = call.b() % 4 == 3 ? call.x() : call.x() & 0x3fff;
        return switch (call.kind()) {
            case OPEN -> world.files().open(p, path, openFlags(call.b() >> 3));
            case CLOSE -> world.files().close(p, fd);
            case READ -> world.files().read(p, fd, offset);
            case WRITE -> world.files().write(p, fd, offset, small, call.b());
            case FALLOCATE -> world.files().fallocate(p, fd, call.b() >> 4 & 0x7f, offset, small);
            case TRUNCATE -> world.files().truncate(p, path, offset);
            case FTRUNCATE -> world.files().ftruncate(p, fd, offset);
            case FSYNC -> world.files().fsync(p, fd);
            case FICLONE -> world.files().ficlone(p, fd, otherFd);
            case SETLEASE -> world.leases().setLease(p, fd, call.b() % 4);
            case GETLEASE -> world.leases().getLease(p, fd);
            case LBT -> world.leases().setLeaseBreakTime(new long[] {0, 1, 5, 45, -1}[call.b() % 5]);
            case MMAP -> world.mm().mmap(p, call.b() % 7 == 0 ? address(addresses, call) : 0,
                    call.b() % 4 == 3 ? call.y() : ((call.y() & 3) + 1) * PAGE, call.b() % 5 == 4 ? call.b() >> 8 & 7 : Fixture.RW,
                    mmapFlags(call.b() >> 2), fd, call.b() % 4 == 3 ? call.x() : (call.x() & 3) * PAGE);
            case MUNMAP -> world.mm().munmap(p, address(addresses, call), small);
            case MPROTECT -> world.mm().mprotect(p, address(addresses, call), small, call.b() >> 4 & 0xf);
            case MSYNC -> world.mm().msync(p, address(addresses, call), small, call.b() & 7);
            case LOAD -> world.mm().load(p, address(addresses, call));
            case STORE -> world.mm().store(p, address(addresses, call), call.b());
            case FLUSH -> world.mm().flush(p, address(addresses, call), call.y() & 0xffff);
        };
    }

    /** A mapped address plus an offset when there is one, else the raw number. */
    private static long address(List<Long> addresses, Call call) {
        if (addresses.isEmpty() || call.b() % 11 == 10) {
            return call.x();
        }
        long base = addresses.get(Math.floorMod(call.a(), addresses.size()));
        return base + (call.x() & 0x3000);
    }

    private static int openFlags(int bits) {
        int[] modes = {OpenFlags.O_RDONLY, OpenFlags.O_WRONLY, OpenFlags.O_RDWR, 3};
        int flags = modes[bits & 3];
        flags |= (bits & 4) != 0 ? OpenFlags.O_CREAT : 0;
        flags |= (bits & 8) != 0 ? OpenFlags.O_TRUNC : 0;
        flags |= (bits & 16) != 0 ? OpenFlags.O_NONBLOCK : 0;
        flags |= (bits & 32) != 0 ? OpenFlags.O_EXCL : 0;
        return flags;
    }

    private static int mmapFlags(int bits) {
        int[] types = {MmapFlags.MAP_SHARED, MmapFlags.MAP_PRIVATE, MmapFlags.MAP_SHARED_VALIDATE, 0};
        int flags = types[bits & 3];
        flags |= (bits & 4) != 0 ? MmapFlags.MAP_DIRECT : 0;
        flags |= (bits & 16) != 0 ? MmapFlags.MAP_ANONYMOUS : 0;
        flags |= (bits & 0x60) == 0x60 ? MmapFlags.MAP_FIXED : 0;
        flags |= (bits & 0x180) == 0x180 ? 0x0100_0000 : 0;
        return flags;
    }
}
