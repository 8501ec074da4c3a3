package io.mapdirect.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The {@code --jobs N} option of the campaign commands: how many worker processes, checked. */
final class JobsOption {
    /** More workers than this is a typo, not a machine. */
    static final int MAX_JOBS = 1024;

    private JobsOption() {
    }

    /** {@code jobs}, or the machine's cores when not given; a bad value is a usage error. */
    static int resolve(CommandSpec spec, Integer jobs) {
        if (jobs == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new ParameterException(spec.commandLine(),
                    "--jobs must be between 1 and " + MAX_JOBS + " (worker processes), got " + jobs);
        }
        return jobs;
    }
}
