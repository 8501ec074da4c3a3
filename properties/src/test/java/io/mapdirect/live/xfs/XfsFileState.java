package io.mapdirect.live.xfs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one file shows after a call, the same way for the kernel and the model: its size, each block's
 * state ({@code W} written, {@code U} unwritten, {@code D} delayed, {@code .} hole; {@code *} when
 * FIEMAP, or the model's reference count, says shared) with the other blocks of the sequence's files
 * on the same physical block ({@code {f1:3}}: physical numbers are compared by who shares them), and
 * the data version of every block below EOF (the first 8 bytes of the block; 0 for zeros).
 *
 * @param blocks file block to {@link Block}; holes absent
 * @param versions the data version of each block below EOF
 */
record XfsFileState(long sizeBytes, TreeMap<Long, Block> blocks, List<Long> versions) {
    /** A mapped block: state letter, shared flag, and an identity of its physical block (compared only by equality). */
    record Block(char state, boolean shared, long physical) { }

    /** The sequence's files rendered one per line; sharing groups resolved across all of them. */
    static String render(List<XfsFileState> files) {
        Map<Long, List<String>> owners = new HashMap<>();
        for (int f = 0; f < files.size(); f++) {
            for (Map.Entry<Long, Block> entry : files.get(f).blocks().entrySet()) {
                owners.computeIfAbsent(entry.getValue().physical(), k -> new ArrayList<>()).add("f" + f + ":" + entry.getKey());
            }
        }
        List<String> lines = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            lines.add("f" + f + " " + files.get(f).render(f, owners));
        }
        return String.join(" ", lines);
    }

    private String render(int file, Map<Long, List<String>> owners) {
        StringBuilder out = new StringBuilder("size=" + sizeBytes + " [");
        long end = blocks.isEmpty() ? 0 : blocks.lastKey() + 1;
        for (long b = 0; b < end; b++) {
            Block block = blocks.get(b);
            out.append(b == 0 ? "" : " ");
            if (block == null) {
                out.append('.');
                continue;
            }
            out.append(block.state()).append(block.shared() ? "*" : "");
            String self = "f" + file + ":" + b;
            List<String> others = owners.get(block.physical()).stream().filter(o -> !o.equals(self)).toList();
            if (!others.isEmpty()) {
                out.append("{").append(String.join(",", others)).append("}");
            }
        }
        out.append("] data=").append(versions.toString().replace(" ", ""));
        return out.toString();
    }
}
