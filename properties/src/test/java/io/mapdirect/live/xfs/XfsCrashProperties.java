package io.mapdirect.live.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Crash recovery against real XFS: a generated sequence runs on the XFS mount, then
 * {@code XFS_IOC_GOINGDOWN} with {@code XFS_FSOP_GOING_FLAGS_NOLOGFLUSH} stops the filesystem as a power
 * cut would, and an unmount and mount run log recovery. What a file may show afterwards follows from
 * the history the kernel showed before the cut: a file not changed since its last fsync shows exactly its
 * state then; any other file a size between the smallest and the largest it had since its last fsync (XFS
 * logs the on-disk size at the end of each completed writeback, so a size in between can survive: seen on
 * 6.18 after a FICLONERANGE wrote back part of a file) and, per block, data it held since then or zeros. The kernel's recovered files must be allowed (the expectation is checked), and so must the
 * model's ({@link ModelXfsRun#crashAndObserve}).
 */
@Tag("live-kernel")
@Tag("live-xfs")
@Tag("live-xfs-crash")
@AddLifecycleHook(XfsSkip.class)
class XfsCrashProperties {
    @Property(tries = 50, seed = "20171013", edgeCases = EdgeCasesMode.NONE)
    void recoveredFilesAreOnesTheKernelAllows(@ForAll("sequences") XfsSequences.Sequence sequence) {
        XfsLoopMount mount = XfsLoopMount.ready();
        List<History> histories = new ArrayList<>();
        List<XfsFileState> recovered;
        String path;
        try (KernelXfsRun run = new KernelXfsRun(mount, sequence.fileCount())) {
            List<XfsFileState> start = run.observe(false);
            for (XfsFileState state : start) {
                histories.add(new History(state));
            }
            for (int i = 0; i < sequence.ops().size(); i++) {
                XfsOp op = sequence.ops().get(i);
                run.call(op, XfsStep.versionOf(i));
                List<XfsFileState> now = run.observe(false);
                for (int f = 0; f < now.size(); f++) {
                    histories.get(f).after(op, f, now.get(f));
                }
            }
            long rc = NativeXfs.goingDown(run.fd(0), NativeXfs.XFS_FSOP_GOING_FLAGS_NOLOGFLUSH);
            assertThat(rc).as("XFS_IOC_GOINGDOWN").isZero();
            path = run.path(0);
        }
        mount.remount();
        recovered = reopen(path, sequence.fileCount());
        List<XfsFileState> model = ModelXfsRun.crashAndObserve(sequence.fileCount(), sequence.ops());
        boolean lost = false;
        for (int f = 0; f < histories.size(); f++) {
            lost |= !histories.get(f).last().equals(recovered.get(f));
        }
        Statistics.label("the kernel lost unsynced changes").collect(lost);
        for (int f = 0; f < histories.size(); f++) {
            assertThat(histories.get(f).violation(recovered.get(f))).as("kernel's f%d after the crash of %s", f, sequence)
                    .isEmpty();
            assertThat(histories.get(f).violation(model.get(f))).as("model's f%d after the crash of %s", f, sequence)
                    .isEmpty();
        }
    }

    @Provide
    Arbitrary<XfsSequences.Sequence> sequences() {
        return XfsSequences.sequences(10);
    }

    private static List<XfsFileState> reopen(String pathOfFirst, int fileCount) {
        List<XfsFileState> states = new ArrayList<>();
        for (int f = 0; f < fileCount; f++) {
            String path = pathOfFirst.substring(0, pathOfFirst.length() - 1) + f;
            long fd = NativeXfs.open(path, NativeXfs.O_RDWR);
            assertThat(fd).as("open %s after recovery", path).isNotNegative();
            try {
                states.add(KernelXfsRun.observe((int) fd, false));
            } finally {
                NativeXfs.close((int) fd);
            }
        }
        return states;
    }

    /** One file's states since its last fsync, and whether a call changed it since. */
    static final class History {
        private final List<XfsFileState> states = new ArrayList<>();
        private boolean changedSinceFsync;

        History(XfsFileState durable) {
            states.add(durable);
        }

        void after(XfsOp op, int file, XfsFileState state) {
            if (op instanceof XfsOp.Fsync && op.file() == file) {
                states.clear();
                changedSinceFsync = false;
            } else if (op.file() == file) {
                changedSinceFsync = true;
            }
            states.add(state);
        }

        XfsFileState last() {
            return states.get(states.size() - 1);
        }

        /** Why {@code after} is not a state this file may recover to; empty if it may. */
        Optional<String> violation(XfsFileState after) {
            XfsFileState last = states.get(states.size() - 1);
            if (!changedSinceFsync) {
                boolean same = after.sizeBytes() == last.sizeBytes() && after.versions().equals(last.versions());
                return same ? Optional.empty() : Optional.of("fsync'd and unchanged since, so it must be size="
                        + last.sizeBytes() + " data=" + last.versions() + ", not size=" + after.sizeBytes()
                        + " data=" + after.versions());
            }
            long smallest = states.stream().mapToLong(XfsFileState::sizeBytes).min().orElseThrow();
            long largest = states.stream().mapToLong(XfsFileState::sizeBytes).max().orElseThrow();
            if (after.sizeBytes() < smallest || after.sizeBytes() > largest) {
                return Optional.of("size " + after.sizeBytes() + " is outside [" + smallest + ", " + largest
                        + "], the sizes since the last fsync");
            }
            for (int b = 0; b < after.versions().size(); b++) {
                long version = after.versions().get(b);
                if (version != 0 && !heldAt(b, version)) {
                    return Optional.of("block " + b + " holds version " + version + ", which it never held since the last fsync");
                }
            }
            return Optional.empty();
        }

        private boolean heldAt(int block, long version) {
            return states.stream().anyMatch(state -> block < state.versions().size()
                    && state.versions().get(block) == version);
        }
    }
}
