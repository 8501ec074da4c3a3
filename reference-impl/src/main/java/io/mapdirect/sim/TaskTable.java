package io.mapdirect.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The bookkeeping both schedulers keep alike: the tasks in spawn order (a task's id is its index),
 * the trace they are registered in, the schedule handed in, and the number of runs started. Not
 * thread-safe: the {@link ThreadedScheduler} calls it with its lock held, the
 * {@link DeterministicScheduler} from the task holding the baton or the driver.
 */
final class TaskTable {
    private final List<Task> tasks = new ArrayList<>();
    private final Trace trace = new Trace();
    private Schedule schedule = Schedule.none();
    private int runs;

    /**
     * Creates the next task, runnable, on an unstarted thread of {@code thread} (named already) whose
     * body is {@code main} of the task, and registers it in the trace.
     */
    Task spawn(String name, Runnable body, Thread.Builder thread, Consumer<Task> main) {
        int id = tasks.size();
        Task[] holder = new Task[1];
        Task task = new Task(id, name, body, thread.unstarted(() -> main.accept(holder[0])));
        holder[0] = task;
        tasks.add(task);
        trace.registerTask(id, name);
        task.state = Task.State.RUNNABLE;
        return task;
    }

    /** Counts a run that starts; {@code running} says whether one is under way already, which is an error. */
    void startRun(boolean running) {
        if (running) {
            throw new IllegalStateException("run() called from inside a run");
        }
        runs++;
    }

    /** The tasks themselves, in spawn order (the caller must not change the list). */
    List<Task> all() {
        return tasks;
    }

    List<Task> copy() {
        return List.copyOf(tasks);
    }

    Trace trace() {
        return trace;
    }

    Schedule schedule() {
        return schedule;
    }

    void setSchedule(Schedule value) {
        schedule = value;
    }

    int runs() {
        return runs;
    }
}
