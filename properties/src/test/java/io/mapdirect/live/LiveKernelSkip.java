package io.mapdirect.live;

import java.util.Optional;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips live-kernel tests, visibly and with the reason, where they cannot run: not Linux on x86-64,
 * JNA cannot load libc, or (per {@link OnFilesystem}) no such filesystem, no description of it in the
 * model, or no permission to create the fixture. A skipped test is reported as skipped, never as passed.
 */
public class LiveKernelSkip implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        Optional<String> kernel = LiveKernel.unavailableReason();
        if (kernel.isPresent()) {
            return SkipResult.skip(kernel.get());
        }
        Optional<OnFilesystem> on = context.findAnnotation(OnFilesystem.class);
        if (on.isPresent() && LiveFixtures.get(on.get().value()) instanceof LiveFilesystem.Prepared.Unavailable missing) {
            return SkipResult.skip(on.get().value() + ": " + missing.reason());
        }
        return SkipResult.doNotSkip();
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }
}
