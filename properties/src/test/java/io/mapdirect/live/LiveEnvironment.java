package io.mapdirect.live;

import io.mapdirect.mm.MmapEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@link MmapEnv} of this JVM process, read from /proc and /sys: mmap_min_addr, the effective
 * CAP_SYS_RAWIO and CAP_IPC_LOCK, RLIMIT_MEMLOCK and VmLck, the huge page sizes with their free and
 * reserved pages, and where the MAP_32BIT window may start. TASK_SIZE is
 * x86-64's 4-level one; with 5-level paging the lengths the tests use fail or fit the same way.
 */
final class LiveEnvironment {
    private static final int CAP_IPC_LOCK = 14;
    private static final int CAP_SYS_RAWIO = 17;
    private static final Pattern HUGEPAGES_DIR = Pattern.compile("hugepages-(\\d+)kB");

    private LiveEnvironment() {
    }

    static MmapEnv read() {
        long capabilities = Long.parseUnsignedLong(statusField("CapEff:"), 16);
        boolean rawio = (capabilities >>> CAP_SYS_RAWIO & 1) != 0;
        boolean ipcLock = (capabilities >>> CAP_IPC_LOCK & 1) != 0;
        long lockedBytes = Long.parseLong(statusField("VmLck:").replace("kB", "").trim()) << 10;
        return new MmapEnv(MmapEnv.X86_64_TASK_SIZE, Long.parseLong(readTrimmed(Path.of("/proc/sys/vm/mmap_min_addr"))),
                rawio, ipcLock, memlockLimitBytes(), lockedBytes, defaultHugePageShift(), hugePagePools(),
                map32BitStarts().get(map32BitStarts().size() - 1));
    }

    /**
     * Where the kernel may start its MAP_32BIT search in this process: at 1 GiB without address space
     * randomisation, else anywhere up to 32 MiB above it (a random draw per call). The live test asks the
     * model with the lowest and the highest start and compares only calls both answer alike.
     */
    static List<Long> map32BitStarts() {
        boolean randomized = !readTrimmed(Path.of("/proc/sys/kernel/randomize_va_space")).equals("0");
        return randomized ? List.of(MmapEnv.MAP_32BIT_START, MmapEnv.MAP_32BIT_START_RANDOMIZED_MAX)
                : List.of(MmapEnv.MAP_32BIT_START);
    }

    /** {@code Max locked memory} soft limit of /proc/self/limits; {@code -1} for unlimited. */
    private static long memlockLimitBytes() {
        for (String line : lines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max locked memory")) {
                String soft = line.substring("Max locked memory".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? -1L : Long.parseLong(soft);
            }
        }
        throw new IllegalStateException("no 'Max locked memory' in /proc/self/limits");
    }

    private static int defaultHugePageShift() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("Hugepagesize:")) {
                long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return Long.numberOfTrailingZeros(kib << 10);
            }
        }
        return 0;
    }

    /** Each {@code /sys/kernel/mm/hugepages/hugepages-<n>kB}: pages that can still be reserved, free minus reserved. */
    private static List<MmapEnv.HugePagePool> hugePagePools() {
        List<MmapEnv.HugePagePool> pools = new ArrayList<>();
        Path root = Path.of("/sys/kernel/mm/hugepages");
        if (!Files.isDirectory(root)) {
            return pools;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                Matcher matcher = HUGEPAGES_DIR.matcher(dir.getFileName().toString());
                if (matcher.matches()) {
                    long kib = Long.parseLong(matcher.group(1));
                    long free = Long.parseLong(readTrimmed(dir.resolve("free_hugepages")));
                    long reserved = Long.parseLong(readTrimmed(dir.resolve("resv_hugepages")));
                    pools.add(new MmapEnv.HugePagePool(Long.numberOfTrailingZeros(kib << 10), Math.max(0, free - reserved)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + root, e);
        }
        return pools;
    }

    private static String statusField(String name) {
        for (String line : lines(Path.of("/proc/self/status"))) {
            if (line.startsWith(name)) {
                return line.substring(name.length()).trim();
            }
        }
        throw new IllegalStateException("no " + name + " in /proc/self/status");
    }

    private static String readTrimmed(Path path) {
        try {
            return Files.readString(path).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    private static List<String> lines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
