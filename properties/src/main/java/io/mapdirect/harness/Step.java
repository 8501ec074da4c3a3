package io.mapdirect.harness;

import io.mapdirect.events.Op;

/**
 * One line of a case: an actor and the operation it runs next, and optionally what the operation
 * must return and when ({@code => EACCES at 1s} in the corpus format; null when unchecked).
 */
public record Step(String actor, Op op, Returns returns) {
    public Step(String actor, Op op) {
        this(actor, op, null);
    }

    /** This step without its result check (what the minimizer and generators work with). */
    public Step unchecked() {
        return returns == null ? this : new Step(actor, op, null);
    }
}
