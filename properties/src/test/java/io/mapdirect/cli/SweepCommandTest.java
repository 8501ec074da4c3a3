package io.mapdirect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mapdirect sweep} over a few cases of the registration-vs-break shape with
 * LEASE_DIRECT_CHECK_FIRST put back: the text and the JSON agree, the same options give the same
 * output, and bad arguments give one error line.
 */
class SweepCommandTest {
    private static final String[] SMALL = {"sweep", "--shape", "REGISTRATION_VS_BREAK", "--fault", "LEASE_DIRECT_CHECK_FIRST",
        "--invariant", "REG_ON_BROKEN_REFUSED", "--cases", "4", "--max-at", "30"};

    private static String[] with(String... extra) {
        String[] args = java.util.Arrays.copyOf(SMALL, SMALL.length + extra.length);
        System.arraycopy(extra, 0, args, SMALL.length, extra.length);
        return args;
    }

    @Test
    @DisplayName("the text's counts equal the JSON's, and every hit lies in the swept range")
    void textAndJsonAgree() {
        CommandRun text = CommandRun.of(SMALL);
        CommandRun json = CommandRun.of(with("--json"));
        assertThat(text.status()).as(text.err()).isZero();
        assertThat(json.status()).isZero();
        assertThat(json.outLines()).as("--json prints JSON alone").hasSize(1);
        String object = json.out().strip();
        Matcher withHit = Pattern.compile("(?m)^cases with a hit: (\\d+) of 4$").matcher(text.out());
        assertThat(withHit.find()).as(text.out()).isTrue();
        assertThat(object).startsWith("{\"command\":\"sweep\",\"variant\":\"V8\",\"fault\":\"LEASE_DIRECT_CHECK_FIRST\","
                        + "\"shape\":\"REGISTRATION_VS_BREAK\",\"seed\":1,\"cases\":4,\"maxAt\":30,")
                .contains("\"target\":{\"invariant\":\"REG_ON_BROKEN_REFUSED\"}", "\"casesWithHit\":" + withHit.group(1) + ",");
        List<String> textHits = Pattern.compile("(?m)^  decision +(\\d+), choice (\\d): \\d+ cases?$").matcher(text.out())
                .results().map(m -> m.group(1) + "/" + m.group(2)).toList();
        List<String> jsonHits = Pattern.compile("\\{\"at\":(\\d+),\"choice\":(\\d),\"cases\":\\d+}").matcher(object).results()
                .map(m -> m.group(1) + "/" + m.group(2)).toList();
        assertThat(textHits).isEqualTo(jsonHits);
        assertThat(jsonHits).allMatch(h -> Integer.parseInt(h.split("/")[0]) <= 30);
        assertThat(text.out().contains("first hitting case:")).isEqualTo(!jsonHits.isEmpty());
        assertThat(jsonHits.isEmpty()).isEqualTo(withHit.group(1).equals("0"));
    }

    @Test
    @DisplayName("the same options give the same output")
    void deterministic() {
        assertThat(CommandRun.of(with("--json")).out()).isEqualTo(CommandRun.of(with("--json")).out());
    }

    @Test
    @DisplayName("a probe can be the target instead of an invariant")
    void probeTarget() {
        CommandRun r = CommandRun.of("sweep", "--probe", "no such probe", "--cases", "1", "--max-at", "2", "--json");
        assertThat(r.status()).isZero();
        assertThat(r.out().strip()).contains("\"target\":{\"probe\":\"no such probe\"}", "\"casesWithHit\":0", "\"hits\":[]");
    }

    @Test
    @DisplayName("sweep --help names every option and the top command lists it")
    void help() {
        CommandRun help = CommandRun.of("sweep", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: mapdirect sweep", "--invariant", "--probe", "--variant", "--fault", "--shape",
                "--cases", "--max-at", "--seed", "--json", "MAPPING_VS_FAULT");
        assertThat(CommandRun.of("--help").out()).contains("sweep");
    }

    @Test
    @DisplayName("bad arguments give one error line naming the option, and exit status 2")
    void badArguments() {
        for (String[] args : List.of(new String[] {"sweep", "--cases", "0", "--invariant", "NO_OOPS"},
                new String[] {"sweep", "--max-at", "-1", "--invariant", "NO_OOPS"},
                new String[] {"sweep", "--invariant", "NOT_AN_INVARIANT"},
                new String[] {"sweep", "--shape", "ROUND", "--invariant", "NO_OOPS"},
                new String[] {"sweep", "--probe", "x", "--invariant", "NO_OOPS"})) {
            CommandRun r = CommandRun.of(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(String.join(" ", args)).hasSize(1)
                    .allMatch(l -> l.startsWith("mapdirect sweep: ") && l.contains(args[1]));
            assertThat(r.out()).isEmpty();
        }
        CommandRun none = CommandRun.of("sweep");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err().lines().toList()).hasSize(1).allMatch(l -> l.contains("--invariant") || l.contains("--probe"));
    }
}
