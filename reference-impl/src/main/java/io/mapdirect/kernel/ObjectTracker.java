package io.mapdirect.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every tracked {@link KObject} of one kernel, live or freed, in allocation order. */
public final class ObjectTracker {
    private final Map<Long, KObject> live = new LinkedHashMap<>();
    private long nextId = 1;
    private long frees;

    long register(KObject object) {
        long id = nextId++;
        live.put(id, object);
        return id;
    }

    void freed(KObject object) {
        live.remove(object.id());
        frees++;
    }

    /** Live objects, in allocation order. */
    public List<KObject> live() {
        return new ArrayList<>(live.values());
    }

    /** Live objects of one kind. */
    public List<KObject> live(String kind) {
        List<KObject> result = new ArrayList<>();
        for (KObject object : live.values()) {
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
