package io.mapdirect.live.xfs;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/** Skips the live XFS tests, visibly and with the reason, where no loop-backed XFS can be mounted. */
public class XfsSkip implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return XfsLoopMount.unavailableReason().map(SkipResult::skip).orElse(SkipResult.doNotSkip());
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }
}
