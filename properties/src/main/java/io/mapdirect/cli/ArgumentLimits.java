package io.mapdirect.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The range of every count, budget, width and duration the command line takes. A value outside its
 * range is a usage error: one line naming the option, the value and the range, exit status 2
 * ({@link OneLineErrors}), checked before anything is allocated or run.
 */
final class ArgumentLimits {
    /** Most cases a campaign may be asked for ({@code fuzz --cases}). */
    static final long MAX_CASES = 1_000_000_000_000L;
    /** Largest case index ({@code fuzz --case}). */
    static final long MAX_CASE_INDEX = 1_000_000_000_000L;
    /** Most cases per variant ({@code verdicts --budget}). */
    static final long MAX_BUDGET = 100_000_000L;
    /** Widest timeline column ({@code explain --width}). */
    static final long MAX_WIDTH = 400;
    /** Narrowest timeline column ({@code explain --width}). */
    static final long MIN_WIDTH = 12;
    /** Most warm-up or measured iterations per benchmark figure. */
    static final long MAX_ITERATIONS = 1_000;
    /** Longest wall-clock duration any option takes ({@code --time}, {@code --suite-warmup}): a week. */
    static final Duration MAX_DURATION = Duration.ofDays(7);

    private ArgumentLimits() {
    }

    /** Fails the command line unless {@code value} (null: not given) is in {@code [min, max]}. */
    static void checkCount(CommandSpec spec, String option, Number value, long min, long max) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            throw new ParameterException(spec.commandLine(),
                    option + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    /** Fails the command line unless {@code value} (null: not given) is at most {@link #MAX_DURATION}. */
    static void checkDuration(CommandSpec spec, String option, Duration value) {
        if (value != null && value.compareTo(MAX_DURATION) > 0) {
            throw new ParameterException(spec.commandLine(), option + " must be at most "
                    + MAX_DURATION.toHours() + "h, got " + value.toSeconds() + "s");
        }
    }
}
