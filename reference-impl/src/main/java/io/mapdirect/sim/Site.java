package io.mapdirect.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A named place in model code where something traceable happens: a yield point, a lock, a wait
 * queue, a timer or a model event. Sites are interned once per JVM ({@code static final} fields
 * in model classes), so recording one in the {@link Trace} costs one int. Traces are rendered and
 * fingerprinted by site <em>name</em>, never by id, so ids may differ between JVMs without
 * breaking cross-JVM determinism.
 */
public final class Site {
    private static final Map<String, Site> BY_NAME = new ConcurrentHashMap<>();
    private static final List<Site> BY_ID = new ArrayList<>();

    private final int id;
    private final String name;

    private Site(int id, String name) {
        this.id = id;
        this.name = name;
    }

    /** Returns the site with this name, creating it on first use. */
    public static Site of(String name) {
        Site site = BY_NAME.get(name);
        if (site != null) {
            return site;
        }
        synchronized (BY_ID) {
            return BY_NAME.computeIfAbsent(name, n -> {
                Site created = new Site(BY_ID.size(), n);
                BY_ID.add(created);
                return created;
            });
        }
    }

    static Site byId(int id) {
        synchronized (BY_ID) {
            return BY_ID.get(id);
        }
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
