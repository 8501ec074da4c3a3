package io.mapdirect.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** spec §8, leases: the lease differences table parses, and a row matches exactly the sequence it names. */
class LeaseDifferencesTest {
    private static final String TABLE = """
            | case | kernel says | model says | why | kernel version seen on |
            |---|---|---|---|---|

            | lease sequence | fs | kernel says | model says | why | kernel version seen on |
            |---|---|---|---|---|---|
            | `open d0 RDONLY, setlease d0 RDLCK, truncate 0` | tmpfs | `OK; OK; sleeps sigio d0` | `OK; OK; OK` | a reason \\| bar | 6.18 |

            after
            """;

    @Test
    @DisplayName("spec §8: a lease row names a whole sequence on one filesystem")
    void parsesRows() {
        LeaseDifferences differences = LeaseDifferences.parse(TABLE);
        assertThat(differences.rows()).hasSize(1);
        LeaseDifferences.Difference row = differences.rows().get(0);
        assertThat(row.kernelSays()).isEqualTo("OK; OK; sleeps sigio d0");
        assertThat(row.why()).isEqualTo("a reason | bar");
        List<LeaseOp> ops = List.of(new LeaseOp.Open(0, 0, false), new LeaseOp.SetLease(0, 0), new LeaseOp.Truncate(0));
        assertThat(differences.find(ops, "tmpfs")).contains(row);
        assertThat(differences.find(ops, "root")).isEmpty();
        assertThat(differences.find(ops.subList(0, 2), "tmpfs")).isEmpty();
    }

    @Test
    @DisplayName("spec §8: rows that do not parse, or do not differ, are refused")
    void badRowsAreRefused() {
        assertThatThrownBy(() -> LeaseDifferences.parse(TABLE.replace("truncate 0", "truncate"))).hasMessageContaining("truncate");
        assertThatThrownBy(() -> LeaseDifferences.parse(TABLE.replace("| tmpfs |", "| ext4 |"))).hasMessageContaining("ext4");
        assertThatThrownBy(() -> LeaseDifferences.parse(TABLE.replace("`OK; OK; OK`", "`OK; OK; sleeps sigio d0`")))
                .hasMessageContaining("must differ");
    }

    @Test
    @DisplayName("every call's text reads back as the same call, and the shipped table loads")
    void textRoundTripsAndShippedTableLoads() {
        List<LeaseOp> ops = List.of(new LeaseOp.Open(2, 1, true), new LeaseOp.Close(1), new LeaseOp.SetLease(0, 2),
                new LeaseOp.GetLease(2), new LeaseOp.Ftruncate(1, 4096), new LeaseOp.Truncate(8192), new LeaseOp.Wait(1500));
        assertThat(LeaseOp.parseAll(LeaseOp.text(ops))).isEqualTo(ops);
        assertThat(LeaseDifferences.load().rows()).allSatisfy(row -> assertThat(row.ops()).isNotEmpty());
    }
}
