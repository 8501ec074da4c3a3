package io.mapdirect.live;

import java.util.List;

/**
 * What one side (the live kernel or the model) showed after one call of a sequence: the call's answer
 * ({@code OK}, an errno name, a lease type {@code F_RDLCK/F_WRLCK/F_UNLCK}, {@code sleeps} when it sleeps
 * in a lease break, {@code skip} when its description is not open, or opening already), the earlier
 * sleeping calls that returned since ({@code #2=OK}: the call of step 2), and the descriptions whose lease
 * break sent a signal since, in order.
 */
record LeaseStep(String answer, List<String> woke, List<String> signalled) {
    static final String SLEEPS = "sleeps";
    static final String SKIP = "skip";

    LeaseStep {
        woke = List.copyOf(woke);
        signalled = List.copyOf(signalled);
    }

    /** {@code OK}, {@code sleeps sigio d0}, {@code OK woke #2=OK}. */
    String render() {
        StringBuilder out = new StringBuilder(answer);
        if (!woke.isEmpty()) {
            out.append(" woke ").append(String.join(" ", woke));
        }
        if (!signalled.isEmpty()) {
            out.append(" sigio ").append(String.join(" ", signalled));
        }
        return out.toString();
    }

    /** A whole sequence's steps, separated by {@code ; }. */
    static String render(List<LeaseStep> steps) {
        return String.join("; ", steps.stream().map(LeaseStep::render).toList());
    }

    /** The answer of a call that returned: {@code OK} for 0 or a fd, else the errno name. */
    static String answerOf(long rc) {
        return rc >= 0 ? "OK" : NativeMmap.errnoName((int) -rc);
    }

    static String leaseTypeName(long type) {
        return switch ((int) type) {
            case 0 -> "F_RDLCK";
            case 1 -> "F_WRLCK";
            case 2 -> "F_UNLCK";
            default -> "F_" + type;
        };
    }
}
