/**
 * The {@code ./mapdirect} command line, built with picocli: {@link io.mapdirect.cli.Main} holds
 * the top command and one small class per subcommand ({@code fuzz}, {@code replay},
 * {@code explain}, {@code minimize}, {@code bench}, {@code verdicts}, {@code hunt}, {@code sweep};
 * {@code fuzz --sim-selftest} runs the simulation core's self-check). Every subcommand has
 * {@code --help}; a bad argument prints one error line and exits with status 2; {@code --json} makes
 * the last line of output one JSON object ({@code hunt} and {@code sweep} print the JSON alone).
 */
package io.mapdirect.cli;
