package io.mapdirect.harness;

import io.mapdirect.events.OpResult;
import io.mapdirect.sim.VirtualClock;

/**
 * What a step must return, checked after the run against the operation's logged, typed result
 * (read through {@link ExpectedResult}): the result word ({@code 0}, {@code EACCES}, {@code SIGBUS}, {@code landed}, {@code iommu_fault}; or
 * {@code ok}, which accepts any non-negative number such as an address or a key) and, when
 * {@code atNs >= 0}, the virtual time at which it returned.
 *
 * @param result the expected result text, or {@link #OK}
 * @param atNs   the virtual time of the return in nanoseconds, or {@link #ANY_TIME}
 */
public record Returns(String result, long atNs) {
    /** Accepts any non-negative numeric result. */
    public static final String OK = "ok";
    /** No time check. */
    public static final long ANY_TIME = -1;

    /** Whether {@code actual} (an operation's typed result) is what this expects. */
    public boolean resultMatches(OpResult actual) {
        ExpectedResult expected = ExpectedResult.parse(result);
        return expected != null && expected.matches(actual);
    }

    /** Whether {@code word} names a result a check may expect. */
    public static boolean isResultWord(String word) {
        return ExpectedResult.parse(word) != null;
    }

    /** Whether a return at {@code timeNs} is when this expects. */
    public boolean timeMatches(long timeNs) {
        return atNs == ANY_TIME || atNs == timeNs;
    }

    /** {@code EACCES} or {@code 0 at 1.000000000s}, for messages. */
    public String describe() {
        return result + (atNs == ANY_TIME ? "" : " at t=" + VirtualClock.formatNs(atNs));
    }
}
