package io.mapdirect.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Every {@link KEvent} of a kernel, in order, with the step, task and time it happened at. */
public final class EventLog {
    /** One logged event. */
    public record Entry(int index, long step, long timeNs, String task, KEvent event) { }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Consumer<Entry>> listeners = new ArrayList<>();

    Entry append(long step, long timeNs, String task, KEvent event) {
        Entry entry = new Entry(entries.size(), step, timeNs, task, event);
        entries.add(entry);
        for (Consumer<Entry> listener : listeners) {
            listener.accept(entry);
        }
        return entry;
    }

    /** Calls {@code listener} synchronously for every later event. */
    public void subscribe(Consumer<Entry> listener) {
        listeners.add(listener);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public int size() {
        return entries.size();
    }

    public Entry get(int index) {
        return entries.get(index);
    }

    /** Events of one type, in order. */
    public <E extends KEvent> List<E> ofType(Class<E> type) {
        List<E> result = new ArrayList<>();
        for (Entry entry : entries) {
            if (type.isInstance(entry.event())) {
                result.add(type.cast(entry.event()));
            }
        }
        return result;
    }
}
