package io.mapdirect.live;

import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.mm.FileOps;
import io.mapdirect.mm.MmapFile;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.mm.MmapRequest;
import io.mapdirect.mm.OpenMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One generated mmap call for the live kernel and the model: what fd to pass (the fixture file opened
 * with a mode, the fixture directory, or -1) and the arguments. The address is always 0 (spec §8: never
 * MAP_FIXED over a live address).
 *
 * @param fd          which fd the call passes
 * @param openMode    how the fixture file is opened ({@code O_RDONLY} for the directory, ignored for {@code BAD})
 * @param nonblock    whether the file is opened with O_NONBLOCK too (mmap ignores it)
 * @param lengthBytes {@code len}
 * @param prot        {@code prot}
 * @param flags       {@code flags}
 * @param offsetBytes {@code off}
 */
record LiveMmapCall(Fd fd, OpenMode openMode, boolean nonblock, long lengthBytes, int prot, int flags,
                    long offsetBytes) {
    /** The fd a call passes. */
    enum Fd { FILE, DIR, BAD }

    /** The keys of {@link #fields(String)}, in order; a documented difference names every one. */
    static final String[] KEYS = {"fs", "fd", "open", "nonblock", "prot", "flags", "len", "off"};

    LiveMmapCall {
        if (fd != Fd.FILE) {
            openMode = OpenMode.O_RDONLY;
            nonblock = false;
        }
    }

    /** The same call with another length. */
    LiveMmapCall withLength(long value) {
        return new LiveMmapCall(fd, openMode, nonblock, value, prot, flags, offsetBytes);
    }

    MmapRequest request() {
        return new MmapRequest(0, lengthBytes, prot, flags, offsetBytes);
    }

    /** The file side as the model sees it, on a filesystem the model describes as {@code ops}. */
    MmapFile modelFile(FileOps ops) {
        return switch (fd) {
            case FILE -> MmapFile.open(openMode, ops);
            case DIR -> MmapFile.open(OpenMode.O_RDONLY, FileOps.directory(ops.name() + "-dir")
                    .withNoexecMount(ops.noexecMount()));
            case BAD -> MmapFile.BAD_FD;
        };
    }

    /** The call in the differences table's terms: {@code fs=tmpfs fd=FILE open=O_RDWR ... flags=SHARED|SYNC ...}. */
    Map<String, String> fields(String fs) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("fs", fs);
        fields.put("fd", fd.name());
        fields.put("open", openMode.name());
        fields.put("nonblock", Boolean.toString(nonblock));
        fields.put("prot", MmapFlags.describeProt(prot));
        fields.put("flags", MmapFlags.describe(FlagProfile.LINUX_6X, flags));
        fields.put("len", "0x" + Long.toHexString(lengthBytes));
        fields.put("off", "0x" + Long.toHexString(offsetBytes));
        return fields;
    }

    String caseText(String fs) {
        StringJoiner text = new StringJoiner(" ");
        fields(fs).forEach((key, value) -> text.add(key + "=" + value));
        return text.toString();
    }

    /** The call a complete set of fields describes (the inverse of {@link #fields(String)} without {@code fs}). */
    static LiveMmapCall fromFields(Map<String, String> fields) {
        for (String key : KEYS) {
            if (!fields.containsKey(key)) {
                throw new IllegalArgumentException("a documented case needs " + key + "=: " + fields);
            }
        }
        return new LiveMmapCall(Fd.valueOf(fields.get("fd")), OpenMode.valueOf(fields.get("open")),
                Boolean.parseBoolean(fields.get("nonblock")), unsigned(fields.get("len")),
                MmapFlags.parseProt(fields.get("prot")), MmapFlags.parse(fields.get("flags")), unsigned(fields.get("off")));
    }

    /** {@code 0x...} or decimal, as an unsigned 64-bit value. */
    static long unsigned(String text) {
        return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseUnsignedLong(text);
    }
}
