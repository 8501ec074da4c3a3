package io.mapdirect.live;

import static io.mapdirect.mm.MmapFlags.MAP_32BIT;
import static io.mapdirect.mm.MmapFlags.MAP_FIXED;
import static io.mapdirect.mm.MmapFlags.MAP_FIXED_NOREPLACE;

import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.mm.AddressSpaceView;
import io.mapdirect.mm.MmapEnv;
import io.mapdirect.mm.MmapValidator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the live kernel and the model say about one call, or why the two cannot be compared: the call
 * is an unsafe MAP_FIXED, or its answer depends on the kernel's random start of the MAP_32BIT window
 * (the model, given this process's mappings, answers differently for the lowest and highest start).
 *
 * @param kernel      {@code "OK"} or the errno name, null if not compared
 * @param model       the model's answer, null if not compared
 * @param notCompared why not, or null
 */
record LiveObservation(String kernel, String model, String notCompared) {
    private static MmapEnv env;

    boolean compared() {
        return notCompared == null;
    }

    boolean agree() {
        return compared() && kernel.equals(model);
    }

    /**
     * Reads the address space, asks the model (for each possible MAP_32BIT start), then the kernel. Only
     * MAP_FIXED, MAP_FIXED_NOREPLACE and MAP_32BIT make the model (or the MAP_FIXED guard) look at the
     * address space, so /proc/self/maps is read only for those.
     */
    static LiveObservation of(LiveFilesystem.Fixture fixture, LiveMmapCall call) {
        boolean looksAtSpace = (call.flags() & (MAP_FIXED | MAP_FIXED_NOREPLACE | MAP_32BIT)) != 0;
        AddressSpaceView space = looksAtSpace ? LiveAddressSpace.read() : AddressSpaceView.EMPTY;
        Set<String> answers = new TreeSet<>();
        for (long start : LiveEnvironment.map32BitStarts()) {
            answers.add(model(fixture, call, env().withMap32BitStartBytes(start), space));
        }
        if (answers.size() > 1) {
            return new LiveObservation(null, null, "the answer depends on the random MAP_32BIT window start: " + answers);
        }
        Optional<String> kernel = new NativeMmap(LiveKernel.libc(), env()).run(call, fixture, space);
        if (kernel.isEmpty()) {
            return new LiveObservation(null, null, "MAP_FIXED at 0 would map over more than 1 GiB or a live mapping");
        }
        return new LiveObservation(kernel.get(), answers.iterator().next(), null);
    }

    private static String model(LiveFilesystem.Fixture fixture, LiveMmapCall call, MmapEnv withStart,
                                AddressSpaceView space) {
        return MmapValidator.validate(FlagProfile.LINUX_6X, call.request(), call.modelFile(fixture.ops()), withStart,
                space).brief();
    }

    /** This process's limits, read once. */
    static MmapEnv env() {
        if (env == null) {
            env = LiveEnvironment.read();
        }
        return env;
    }
}
