package io.mapdirect.kernel;

import java.util.EnumSet;
import java.util.Set;

/** A task's credentials: {@code uid}, the filesystem uid used for permission checks, and capabilities. */
public record Creds(int uid, int fsuid, Set<Capability> capabilities) {
    public Creds {
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    }

    /** An unprivileged user. */
    public static Creds user(int uid) {
        return new Creds(uid, uid, Set.of());
    }

    /** {@code capable(cap)}. */
    public boolean capable(Capability capability) {
        return capabilities.contains(capability);
    }

    /** The same credentials with one more capability. */
    public Creds with(Capability capability) {
        EnumSet<Capability> more = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
        more.add(capability);
        return new Creds(uid, fsuid, more);
    }
}
