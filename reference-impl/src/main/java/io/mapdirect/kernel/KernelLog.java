package io.mapdirect.kernel;

import java.util.ArrayList;
import java.util.List;

/** The kernel log: {@code WARN_ON} hits and {@code dev_info}/{@code printk} lines, with virtual time. */
public final class KernelLog {
    /** One line. */
    public record Line(long timeNs, String level, String text) { }

    private final List<Line> lines = new ArrayList<>();
    private int warnings;

    void add(long timeNs, String level, String text) {
        lines.add(new Line(timeNs, level, text));
        if (level.equals("WARN")) {
            warnings++;
        }
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Number of WARN_ON hits. */
    public int warnings() {
        return warnings;
    }
}
