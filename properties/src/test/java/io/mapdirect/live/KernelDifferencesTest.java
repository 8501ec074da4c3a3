package io.mapdirect.live;

import static io.mapdirect.mm.MmapFlags.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.mm.OpenMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** spec §8: the differences table the live test owns can be read, and rows match exactly the call they name. */
class KernelDifferencesTest {
    private static final String TABLE = """
            # title
            | case | kernel says | model says | why | kernel version seen on |
            |---|---|---|---|---|
            | `fs=tmpfs fd=FILE open=O_RDWR nonblock=false prot=READ\\|WRITE flags=SHARED_VALIDATE\\|SYNC len=0x1000 off=0x0` | EOPNOTSUPP | OK | a reason \\| with a bar | 6.18 |

            after the table
            """;

    @Test
    @DisplayName("spec §8: a row names a whole call, with \\| inside cells")
    void parsesRowsWithEscapedBars() {
        KernelDifferences differences = KernelDifferences.parse(TABLE);
        assertThat(differences.rows()).hasSize(1);
        KernelDifferences.Difference row = differences.rows().get(0);
        assertThat(row.kernelSays()).isEqualTo("EOPNOTSUPP");
        assertThat(row.modelSays()).isEqualTo("OK");
        assertThat(row.why()).isEqualTo("a reason | with a bar");
        LiveMmapCall call = new LiveMmapCall(LiveMmapCall.Fd.FILE, OpenMode.O_RDWR, false, PAGE_SIZE,
                PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_SYNC, 0);
        assertThat(differences.find(call, "tmpfs")).contains(row);
        assertThat(differences.find(call, "root")).isEmpty();
        assertThat(differences.find(call.withLength(2 * PAGE_SIZE), "tmpfs")).isEmpty();
    }

    @Test
    @DisplayName("spec §8: a row that does not name every field of a call is refused")
    void incompleteRowsAreRefused() {
        String incomplete = TABLE.replace(" off=0x0", "");
        assertThatThrownBy(() -> KernelDifferences.parse(incomplete)).hasMessageContaining("off=");
        assertThatThrownBy(() -> KernelDifferences.parse(TABLE.replace("SYNC", "SINK"))).hasMessageContaining("'SINK'");
        assertThatThrownBy(() -> KernelDifferences.parse(TABLE.replace("| EOPNOTSUPP | OK |", "| OK | OK |")))
                .hasMessageContaining("must differ");
    }

    @Test
    @DisplayName("spec §8: the shipped kernel-differences.md parses, and its fields round-trip through LiveMmapCall")
    void shippedTableLoads() {
        for (KernelDifferences.Difference row : KernelDifferences.load().rows()) {
            LiveMmapCall call = LiveMmapCall.fromFields(row.fields());
            assertThat(row.documents(call, row.fields().get("fs"))).isTrue();
        }
    }

    @Test
    @DisplayName("a call's case text reads back as the same call")
    void caseTextRoundTrips() {
        LiveMmapCall call = new LiveMmapCall(LiveMmapCall.Fd.DIR, OpenMode.O_WRONLY, true, -4095L,
                PROT_EXEC | PROT_GROWSDOWN, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_1GB, Long.MIN_VALUE);
        assertThat(LiveMmapCall.fromFields(call.fields("root"))).isEqualTo(call);
        assertThat(call.openMode()).as("a directory is opened O_RDONLY").isEqualTo(OpenMode.O_RDONLY);
    }
}
