package io.mapdirect.check;

import io.mapdirect.fs.File;
import io.mapdirect.kernel.Creds;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.Vma;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import java.util.Map;

/**
 * The state an operation started in, as ERRNO's rules read it: the world (read only), the acting
 * process (null for the device and the environment) and the values the case's resource names were
 * bound to so far, which the checker tracks itself from the operations' results (a name bound by
 * no successful operation is unbound, as the harness reads it). Lookups never touch an object's
 * lifetime.
 */
record PreState(World world, Process process, Map<String, Long> bindings) {
    /** The open file the resource name {@code fd} denotes in the acting process, or null (never opened, closed, unbound). */
    File file(String fd) {
        Long value = bindings.get(fd);
        if (process == null || value == null || value < 0 || value > Integer.MAX_VALUE) {
            return null;
        }
        return process.files().get(value.intValue());
    }

    /** The address {@code page} pages into the mapping named {@code addr} (0 plus the page when unbound). */
    long address(String addr, long page) {
        return bindings.getOrDefault(addr, 0L) + page * Mm.PAGE_SIZE;
    }

    /** The acting process's VMA containing {@code address}, or null. */
    Vma vmaAt(long address) {
        return process == null ? null : process.mm().findVma(address);
    }

    Creds creds() {
        return process.creds();
    }

    /** Whether the name was bound by a successful operation. */
    boolean isBound(String name) {
        return bindings.containsKey(name);
    }
}
