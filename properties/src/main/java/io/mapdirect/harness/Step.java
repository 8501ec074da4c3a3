package io.mapdirect.harness;

/** One line of a case: an actor and the operation it runs next. */
public record Step(String actor, Op op) { }
