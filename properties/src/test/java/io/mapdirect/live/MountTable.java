package io.mapdirect.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** {@code /proc/self/mountinfo}: which mount a path is on, its filesystem type and options. */
final class MountTable {
    /** One mount: where, what filesystem, from which source, with which options (per-mount and superblock). */
    record Mount(Path mountPoint, String fsType, String source, Set<String> options) {
        boolean noexec() {
            return options.contains("noexec");
        }

        boolean dax() {
            return options.stream().anyMatch(option -> option.equals("dax") || option.startsWith("dax="));
        }
    }

    private MountTable() {
    }

    /** The mount {@code path} is on (the longest mount point that is a prefix), if /proc can say. */
    static Optional<Mount> mountOf(Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        Mount best = null;
        for (Mount mount : mounts()) {
            if (real.startsWith(mount.mountPoint())
                    && (best == null || mount.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
                best = mount;
            }
        }
        return Optional.ofNullable(best);
    }

    static List<Mount> mounts() {
        List<Mount> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                mounts.add(parse(line));
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return mounts;
    }

    /** {@code id parent major:minor root mountpoint options [optional...] - fstype source superoptions}. */
    private static Mount parse(String line) {
        String[] fields = line.split(" ");
        int dash = List.of(fields).indexOf("-");
        Set<String> options = new TreeSet<>(List.of(fields[5].split(",")));
        options.addAll(List.of(fields[dash + 3].split(",")));
        return new Mount(Path.of(unescape(fields[4])), fields[dash + 1], unescape(fields[dash + 2]), options);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal {@code \040}. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
