package io.mapdirect.live.xfs;

import java.util.List;

/** A call's answer ({@code OK}, a byte count, an errno name) and the files' states after it. */
record XfsStep(String answer, List<XfsFileState> files) {
    static final long BLOCK_BYTES = 4096;

    /** The data version of step {@code index}: 1, 2, ... (0 means zeros). */
    static long versionOf(int index) {
        return index + 1L;
    }

    String render() {
        return answer + " " + XfsFileState.render(files);
    }

    static String render(List<XfsStep> steps) {
        return String.join("; ", steps.stream().map(XfsStep::render).toList());
    }
}
