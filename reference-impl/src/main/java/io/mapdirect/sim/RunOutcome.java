package io.mapdirect.sim;

import java.util.List;

/** How a run of the {@link Simulation} ended. */
public sealed interface RunOutcome {
    /** Every task finished and no timer is pending. */
    record Completed() implements RunOutcome { }

    /** Every remaining task sleeps and no timer is pending. */
    record Deadlock(List<BlockedTask> blocked) implements RunOutcome { }

    /** The step or virtual-time budget ran out. */
    record Runaway(String why) implements RunOutcome { }

    /** A task threw: an oops in kernel terms. */
    record Crashed(String task, Throwable error) implements RunOutcome { }

    /** Model or checker code asked the run to stop (for example on an invariant violation). */
    record Stopped(String reason) implements RunOutcome { }

    /** A sleeping task and what it waits on. */
    record BlockedTask(String task, String waitsOn) { }

    /** One paragraph for reports. */
    default String describe() {
        return switch (this) {
            case Completed c -> "completed";
            case Deadlock d -> "deadlock: every task sleeps and no timer is pending\n"
                    + String.join("\n", d.blocked().stream()
                            .map(b -> "  " + b.task() + " waits on " + b.waitsOn()).toList());
            case Runaway r -> "runaway: " + r.why();
            case Crashed c -> "crash in " + c.task() + ": " + c.error();
            case Stopped s -> "stopped: " + s.reason();
        };
    }
}
