package io.mapdirect.sim;

/** Something a task can sleep on; describes itself for deadlock reports. */
public interface Blocker {
    /** One line naming what the sleeping task waits for, e.g. {@code "mutex i_rwsem(ino 3) held by P1"}. */
    String describeWait();

    /** True for an idle worker waiting for work: such a sleeper does not make a quiescent run a deadlock. */
    default boolean isIdleWait() {
        return false;
    }
}
