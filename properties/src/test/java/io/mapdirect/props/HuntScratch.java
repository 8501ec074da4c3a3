package io.mapdirect.props;

import io.mapdirect.kernel.KnownBug;
import org.junit.jupiter.api.Test;

/** Scratch: tries to detection of one fault over many seeds ({@code -Dfault=... -Dseeds=N}). */
class HuntScratch {
    @Test
    void hunt() {
        KnownBug fault = KnownBug.valueOf(System.getProperty("fault", "LEASE_DIRECT_CHECK_FIRST"));
        int seeds = Integer.getInteger("seeds", 10);
        KillMatrixTest.Row row = KillMatrixTest.TABLE.stream().filter(r -> r.fault() == fault).findFirst().orElseThrow();
        StringBuilder out = new StringBuilder("HUNT " + fault + ":");
        for (int s = 1; s <= seeds; s++) {
            KillMatrixTest.Outcome o = KillMatrixTest.hunt(row, String.valueOf(20171000 + s));
            out.append(' ').append(o.triesToDetect());
        }
        System.out.println(out);
    }
}
