package io.mapdirect.live;

import com.sun.jna.Native;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the live kernel can be asked at all: Linux on x86-64 (the syscall numbers and flag values
 * are x86-64's) with a libc JNA can load. Probed once, when first asked; {@link #libc()} is only
 * called after {@link #unavailableReason()} said nothing.
 */
final class LiveKernel {
    private LiveKernel() {
    }

    /** Why the live kernel cannot be used here, or empty if it can. */
    static Optional<String> unavailableReason() {
        return Optional.ofNullable(Probe.UNAVAILABLE);
    }

    static LibC libc() {
        if (Probe.LIBC == null) {
            throw new IllegalStateException("live kernel unavailable: " + Probe.UNAVAILABLE);
        }
        return Probe.LIBC;
    }

    /** The running kernel's release ({@code uname -r}). */
    static String release() {
        return System.getProperty("os.version", "unknown");
    }

    /** Lazy holder: the class initialiser runs once, on first use. */
    private static final class Probe {
        private static final LibC LIBC;
        private static final String UNAVAILABLE;

        static {
            String reason = platformReason();
            LibC loaded = null;
            if (reason == null) {
                try {
                    loaded = Native.load("c", LibC.class);
                } catch (UnsatisfiedLinkError | RuntimeException e) {
                    reason = "JNA cannot load libc: " + e;
                }
            }
            LIBC = loaded;
            UNAVAILABLE = reason;
        }

        private static String platformReason() {
            String os = System.getProperty("os.name", "");
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            if (!os.equals("Linux")) {
                return "live-kernel tests need Linux; this is " + os;
            }
            if (!arch.equals("amd64") && !arch.equals("x86_64")) {
                return "live-kernel tests use x86-64 syscall numbers and mmap flag values; this is " + arch;
            }
            return null;
        }
    }
}
