package io.mapdirect.harness;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Observers of every case run (the model-coverage report of the test suite registers one). None
 * are registered in the command line, so a run costs nothing extra there. Observers must not
 * change the world; they only read the result and its event log.
 */
public final class RunObservers {
    private static final List<Consumer<CaseResult>> OBSERVERS = new CopyOnWriteArrayList<>();

    private RunObservers() {
    }

    public static void add(Consumer<CaseResult> observer) {
        OBSERVERS.add(observer);
    }

    public static void remove(Consumer<CaseResult> observer) {
        OBSERVERS.remove(observer);
    }

    static void notify(CaseResult result) {
        for (Consumer<CaseResult> observer : OBSERVERS) {
            observer.accept(result);
        }
    }
}
