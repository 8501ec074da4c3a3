package io.mapdirect.live;

import java.util.Optional;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips live lease tests, visibly and with the reason, where they cannot run ({@link LeaseEnvironment}):
 * not Linux x86-64, no libc, leases disabled, lease-break-time below 2 s, the machine-wide lock not
 * obtained, and per {@link OnFilesystem}: no fixture, a filesystem that refuses leases, no wchan.
 */
public class LeaseKernelSkip implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        Optional<OnFilesystem> on = context.findAnnotation(OnFilesystem.class);
        Optional<String> reason = on.isPresent() ? LeaseEnvironment.unavailableReason(on.get().value())
                : LeaseEnvironment.unavailableReason();
        return reason.map(SkipResult::skip).orElse(SkipResult.doNotSkip());
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }
}
