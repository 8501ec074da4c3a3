package io.mapdirect.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values operations bound to resource names ({@code r0 = open(...)}): fds, addresses, MR keys.
 * Names are global to a case, so the device can use an MR a process registered and a forked child
 * the parent's fds and mappings. An unbound name reads as an invalid value of its kind.
 */
public final class Resources {
    /** What an unbound fd reads as. */
    public static final int BAD_FD = -1;
    /** What an unbound address reads as: never mapped. */
    public static final long BAD_ADDR = 0;
    /** What an unbound MR key reads as. */
    public static final int BAD_MR = -1;

    private final Map<String, Long> values = new LinkedHashMap<>();

    public void bind(String name, long value) {
        if (name != null) {
            values.put(name, value);
        }
    }

    public int fd(String name) {
        Long value = values.get(name);
        return value == null ? BAD_FD : value.intValue();
    }

    public long addr(String name) {
        Long value = values.get(name);
        return value == null ? BAD_ADDR : value;
    }

    public int mr(String name) {
        Long value = values.get(name);
        return value == null ? BAD_MR : value.intValue();
    }

    public boolean isBound(String name) {
        return values.containsKey(name);
    }
}
