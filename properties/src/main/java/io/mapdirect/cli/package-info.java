/**
 * The {@code ./mapdirect} command line, built with picocli: {@link io.mapdirect.cli.Main} holds
 * the top command and one small class per subcommand ({@code bench}, {@code fuzz}; replay,
 * minimize, explain and verdicts will be added the same way). Every subcommand has
 * {@code --help}; a bad argument prints one error line and exits with status 2; {@code --json}
 * makes the last line of output one JSON object.
 */
package io.mapdirect.cli;
