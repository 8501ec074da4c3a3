package io.mapdirect.campaign;

import io.mapdirect.harness.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The cases a feedback campaign keeps: each one reached a probe, a call x result pair or a model
 * transition ({@link CaseCoverage}) that no case before it had. When full, a newly kept case
 * replaces the oldest, so the pool follows the frontier. {@link #pick} favours the newest half.
 */
final class FeedbackPool {
    /** Most cases kept. */
    static final int CAPACITY = 512;

    private final List<Case> kept = new ArrayList<>();
    private int oldest;

    void keep(Case c) {
        if (kept.size() < CAPACITY) {
            kept.add(c);
        } else {
            kept.set(oldest, c);
            oldest = (oldest + 1) % CAPACITY;
        }
    }

    boolean isEmpty() {
        return kept.isEmpty();
    }

    int size() {
        return kept.size();
    }

    /** A kept case: with even odds one of the newest half, else any. */
    Case pick(Random random) {
        int size = kept.size();
        int age = random.nextBoolean() ? random.nextInt(Math.max(1, size / 2)) : random.nextInt(size);
        int newest = kept.size() < CAPACITY ? size - 1 : Math.floorMod(oldest - 1, CAPACITY);
        return kept.get(Math.floorMod(newest - age, size));
    }
}
