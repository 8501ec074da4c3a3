package io.mapdirect.kernel;

import io.mapdirect.sim.SimSpinLock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every tracked {@link KObject} of one kernel, live or freed, in allocation order. The table is guarded by
 * a spinlock (free in the deterministic mode; the real-thread stress mode corrupted it unguarded).
 */
public final class ObjectTracker {
    private final Set<KObject> live = new LinkedHashSet<>();
    private final SimSpinLock lock;
    private long nextId = 1;
    private long frees;

    public ObjectTracker(SimSpinLock lock) {
        this.lock = lock;
    }

    long register(KObject object) {
        lock.lock();
        try {
            long id = nextId++;
            live.add(object);
            return id;
        } finally {
            lock.unlock();
        }
    }

    /** Tracks an object numbered in a sequence of its own (a VMA's serial): draws no allocation number. */
    void track(KObject object) {
        lock.lock();
        try {
            live.add(object);
        } finally {
            lock.unlock();
        }
    }

    void freed(KObject object) {
        lock.lock();
        try {
            live.remove(object);
            frees++;
        } finally {
            lock.unlock();
        }
    }

    /** Live objects, in allocation order. */
    public List<KObject> live() {
        lock.lock();
        try {
            return new ArrayList<>(live);
        } finally {
            lock.unlock();
        }
    }

    /** Live objects of one kind. */
    public List<KObject> live(String kind) {
        List<KObject> result = new ArrayList<>();
        for (KObject object : live()) {
            if (object.kind().equals(kind)) {
                result.add(object);
            }
        }
        return result;
    }

    public long allocations() {
        return nextId - 1;
    }

    public long frees() {
        return frees;
    }
}
