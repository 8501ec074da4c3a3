package io.mapdirect.sim;

import java.util.ArrayList;
import java.util.List;

/** What both schedulers conclude from their tasks: how a quiescent run ended, which threads live on. */
final class TaskThreads {
    private TaskThreads() {
    }

    /**
     * The outcome of a run in which no task can run and no timer is left: a deadlock naming every
     * task asleep on something other than an idle wait, or completed when there is none.
     */
    static RunOutcome quiescentOutcome(List<Task> tasks) {
        List<RunOutcome.BlockedTask> stuck = new ArrayList<>();
        for (Task task : tasks) {
            if (task.state == Task.State.BLOCKED && !task.blockedOn.isIdleWait()) {
                stuck.add(new RunOutcome.BlockedTask(task.name(), task.blockedOn.describeWait()));
            }
        }
        return stuck.isEmpty() ? new RunOutcome.Completed() : new RunOutcome.Deadlock(stuck);
    }

    /** Names of the tasks whose threads are still alive. */
    static List<String> liveNames(List<Task> tasks) {
        List<String> alive = new ArrayList<>();
        for (Task task : tasks) {
            if (task.thread().isAlive()) {
                alive.add(task.name());
            }
        }
        return alive;
    }
}
