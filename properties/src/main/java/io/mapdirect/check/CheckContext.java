package io.mapdirect.check;

import io.mapdirect.sim.Task;
import io.mapdirect.world.World;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What checkers see and where they report: the world (read only: checkers use accessors that do
 * not touch object lifetimes) and the violations found so far, the first of each invariant kept.
 */
public final class CheckContext {
    private final World world;
    private final Map<InvariantId, Violation> firstById = new EnumMap<>(InvariantId.class);
    private final List<Violation> inOrder = new ArrayList<>();

    public CheckContext(World world) {
        this.world = world;
    }

    public World world() {
        return world;
    }

    public long nowNs() {
        return world.sim().nowNs();
    }

    /** Records a violation (the first of each invariant is kept). */
    public void report(InvariantId id, String message, String... objects) {
        if (firstById.containsKey(id)) {
            return;
        }
        Task task = world.sim().current();
        Violation violation = new Violation(id, world.sim().steps(), world.sim().nowNs(),
                task == null ? "-" : task.name(), Arrays.asList(objects), message);
        firstById.put(id, violation);
        inOrder.add(violation);
    }

    public boolean violated(InvariantId id) {
        return firstById.containsKey(id);
    }

    /** Violations in the order they were found, the first of each invariant. */
    public List<Violation> violations() {
        return List.copyOf(inOrder);
    }
}
