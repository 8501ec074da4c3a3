package io.mapdirect.corpus;

import io.mapdirect.events.DmaOutcome;
import io.mapdirect.harness.Returns;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The words a result check ({@code => RESULT}) may name: numbers, {@code ok}, errnos, signals, DMA outcomes. */
final class ResultWords {
    /** What a device's DMA operation returns (see the harness's RDMA bridge). */
    static final List<String> DMA = Arrays.stream(DmaOutcome.values()).map(DmaOutcome::word).toList();

    private ResultWords() {
    }

    static boolean isResult(String text) {
        return Returns.isResultWord(text);
    }

    /** Every errno and signal name. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Errno errno : Errno.values()) {
            names.add(errno.name());
        }
        for (Signal signal : Signal.values()) {
            names.add(signal.name());
        }
        return names;
    }
}
