package io.mapdirect.live.xfs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of a block-map sequence on files {@code f0..f2}, in the text the differences table uses:
 * {@code pwrite f0 4096 8192} (offset, length; the data is the step's version), {@code fallocate f1
 * KEEP_SIZE|PUNCH_HOLE 0 4096} (mode, offset, length), {@code truncate f0 6144} (by path),
 * {@code ftruncate f0 0}, {@code ficlone f1 f0} (destination, source), {@code ficlonerange f1 f0 0 4096 8192}
 * (destination, source, source offset, length, destination offset), {@code fsync f2}.
 */
sealed interface XfsOp {
    Map<String, Integer> FALLOC_BITS = falloc();

    /** The file the call changes (or syncs). */
    int file();

    String text();

    /** The same call with every file index taken modulo {@code fileCount}. */
    default XfsOp onFiles(int fileCount) {
        return switch (this) {
            case Pwrite w -> new Pwrite(w.file() % fileCount, w.offsetBytes(), w.lengthBytes());
            case Fallocate a -> new Fallocate(a.file() % fileCount, a.mode(), a.offsetBytes(), a.lengthBytes());
            case Truncate t -> new Truncate(t.file() % fileCount, t.sizeBytes());
            case Ftruncate t -> new Ftruncate(t.file() % fileCount, t.sizeBytes());
            case Ficlone c -> new Ficlone(c.file() % fileCount, c.source() % fileCount);
            case FicloneRange c -> new FicloneRange(c.file() % fileCount, c.source() % fileCount, c.srcOffsetBytes(),
                    c.lengthBytes(), c.destOffsetBytes());
            case Fsync f -> new Fsync(f.file() % fileCount);
        };
    }

    record Pwrite(int file, long offsetBytes, long lengthBytes) implements XfsOp {
        public String text() {
            return "pwrite f" + file + " " + offsetBytes + " " + lengthBytes;
        }
    }

    record Fallocate(int file, int mode, long offsetBytes, long lengthBytes) implements XfsOp {
        public String text() {
            return "fallocate f" + file + " " + modeText(mode) + " " + offsetBytes + " " + lengthBytes;
        }
    }

    record Truncate(int file, long sizeBytes) implements XfsOp {
        public String text() {
            return "truncate f" + file + " " + sizeBytes;
        }
    }

    record Ftruncate(int file, long sizeBytes) implements XfsOp {
        public String text() {
            return "ftruncate f" + file + " " + sizeBytes;
        }
    }

    record Ficlone(int file, int source) implements XfsOp {
        public String text() {
            return "ficlone f" + file + " f" + source;
        }
    }

    record FicloneRange(int file, int source, long srcOffsetBytes, long lengthBytes, long destOffsetBytes)
            implements XfsOp {
        public String text() {
            return "ficlonerange f" + file + " f" + source + " " + srcOffsetBytes + " " + lengthBytes + " " + destOffsetBytes;
        }
    }

    record Fsync(int file) implements XfsOp {
        public String text() {
            return "fsync f" + file;
        }
    }

    static String text(List<XfsOp> ops) {
        return String.join(", ", ops.stream().map(XfsOp::text).toList());
    }

    /** Parses {@link #text(List)}; IllegalArgumentException names the call it cannot read. */
    static List<XfsOp> parseAll(String text) {
        List<XfsOp> ops = new ArrayList<>();
        for (String call : text.split(",")) {
            ops.add(parse(call.trim()));
        }
        return ops;
    }

    static XfsOp parse(String call) {
        String[] w = call.split(" ");
        try {
            return switch (w[0]) {
                case "pwrite" -> new Pwrite(file(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3]));
                case "fallocate" -> new Fallocate(file(w[1]), parseMode(w[2]), Long.parseLong(w[3]), Long.parseLong(w[4]));
                case "truncate" -> new Truncate(file(w[1]), Long.parseLong(w[2]));
                case "ftruncate" -> new Ftruncate(file(w[1]), Long.parseLong(w[2]));
                case "ficlone" -> new Ficlone(file(w[1]), file(w[2]));
                case "ficlonerange" -> new FicloneRange(file(w[1]), file(w[2]), Long.parseLong(w[3]),
                        Long.parseLong(w[4]), Long.parseLong(w[5]));
                case "fsync" -> new Fsync(file(w[1]));
                default -> throw new IllegalArgumentException("unknown call");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read the call '" + call + "': " + e.getMessage(), e);
        }
    }

    private static int file(String word) {
        if (!word.matches("f[0-2]")) {
            throw new IllegalArgumentException("a file is f0, f1 or f2, not " + word);
        }
        return word.charAt(1) - '0';
    }

    static String modeText(int mode) {
        if (mode == 0) {
            return "0";
        }
        List<String> names = new ArrayList<>();
        int rest = mode;
        for (Map.Entry<String, Integer> bit : FALLOC_BITS.entrySet()) {
            if ((mode & bit.getValue()) != 0) {
                names.add(bit.getKey());
                rest &= ~bit.getValue();
            }
        }
        if (rest != 0) {
            names.add("0x" + Integer.toHexString(rest));
        }
        return String.join("|", names);
    }

    static int parseMode(String text) {
        int mode = 0;
        for (String name : text.split("\\|")) {
            Integer bit = FALLOC_BITS.get(name);
            mode |= bit != null ? bit : Integer.decode(name);
        }
        return mode;
    }

    private static Map<String, Integer> falloc() {
        Map<String, Integer> bits = new LinkedHashMap<>();
        bits.put("KEEP_SIZE", 0x01);
        bits.put("PUNCH_HOLE", 0x02);
        bits.put("COLLAPSE_RANGE", 0x08);
        bits.put("ZERO_RANGE", 0x10);
        bits.put("INSERT_RANGE", 0x20);
        bits.put("UNSHARE_RANGE", 0x40);
        return bits;
    }
}
