package io.mapdirect.gen;

import io.mapdirect.events.Op;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Step;
import io.mapdirect.harness.WorldSpec;
import io.mapdirect.kernel.Capability;
import io.mapdirect.kernel.FlagProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generator coverage: which argument class each operation reached, counted over generated cases
 * (before they run; model coverage counts what the runs reached). Three tables: byte lengths and
 * offsets ({@link ArgClass#BYTES}) per call and argument, fallocate per mode; credentials
 * ({@link ArgClass#CREDS}) per process actor; mmap flag combinations ({@link ArgClass#MAP_FLAGS})
 * per flag profile and file kind. Every cell is listed, so a class the generator never reaches
 * shows as 0 ({@link #unreached()}).
 */
public final class GeneratorCoverage {
    /** One cell: a table, a row of it (the call and argument, or who), a column (the class). */
    public record Cell(String table, String row, String column) {
    }

    static final String BYTES = "bytes";
    static final String CREDS = "creds";
    static final String MMAP = "mmap";
    private static final List<String> PROCESSES = List.of("p0", "p1", "p2");

    private final Map<Cell, Long> counts = new LinkedHashMap<>();
    private long cases;

    public GeneratorCoverage() {
        for (String row : byteRows()) {
            for (String column : ArgClass.BYTES) {
                counts.put(new Cell(BYTES, row, column), 0L);
            }
        }
        for (String process : PROCESSES) {
            for (String column : ArgClass.CREDS) {
                counts.put(new Cell(CREDS, process, column), 0L);
            }
        }
        for (FlagProfile profile : ArgClass.PROFILES) {
            for (String kind : ArgClass.FILE_KINDS) {
                for (String column : ArgClass.MAP_FLAGS) {
                    counts.put(new Cell(MMAP, mmapRow(profile, kind), column), 0L);
                }
            }
        }
    }

    /** Counts cases {@code 0 .. n-1} of {@code source}. */
    public static GeneratorCoverage of(CaseSource source, long n) {
        GeneratorCoverage coverage = new GeneratorCoverage();
        for (long index = 0; index < n; index++) {
            coverage.record(source.caseAt(index));
        }
        return coverage;
    }

    /** Counts one case's arguments. */
    public void record(Case c) {
        cases++;
        for (WorldSpec.ProcessSpec process : c.world().processes()) {
            recordCreds(process);
        }
        Map<String, String> paths = new HashMap<>();
        for (Step step : c.steps()) {
            if (step.op() instanceof Op.Open open) {
                paths.put(open.result(), open.path());
            }
            recordBytes(step.op());
            if (step.op() instanceof Op.Mmap mmap && mmap.fd() != null && paths.containsKey(mmap.fd())) {
                String kind = ArgClass.ofPath(paths.get(mmap.fd()), c.world().xfsDax());
                if (kind != null) {
                    count(MMAP, mmapRow(c.variant().profile(), kind), ArgClass.ofMapFlags(mmap.flags()));
                }
            }
        }
    }

    /** The number of cases counted. */
    public long cases() {
        return cases;
    }

    /** How often {@code cell} was reached; 0 for a cell not listed. */
    public long count(Cell cell) {
        return counts.getOrDefault(cell, 0L);
    }

    /** Every listed cell, in report order. */
    public List<Cell> cells() {
        return List.copyOf(counts.keySet());
    }

    /** The listed cells no case reached. */
    public List<Cell> unreached() {
        return counts.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
    }

    private void recordCreds(WorldSpec.ProcessSpec p) {
        boolean uidOwns = p.uid() == Worlds.OWNER;
        boolean fsuidOwns = p.fsuid() == Worlds.OWNER;
        String ids = uidOwns == fsuidOwns ? (uidOwns ? "owner" : "not owner")
                : fsuidOwns ? "owner by fsuid only" : "owner by uid only";
        count(CREDS, p.name(), ids);
        for (Capability cap : p.capabilities()) {
            count(CREDS, p.name(), cap.name());
        }
    }

    private void recordBytes(Op op) {
        switch (op) {
            case Op.Truncate t -> bytes("truncate len", t.len());
            case Op.Ftruncate t -> bytes("ftruncate len", t.len());
            case Op.Fallocate f -> {
                bytes("fallocate " + ArgClass.fallocMode(f.mode()) + " off", f.off());
                bytes("fallocate " + ArgClass.fallocMode(f.mode()) + " len", f.len());
            }
            case Op.Write w -> {
                bytes("write off", w.off());
                bytes("write len", w.len());
            }
            case Op.Read r -> bytes("read off", r.off());
            case Op.Mmap m -> {
                bytes("mmap len", m.len());
                bytes("mmap off", m.off());
            }
            case Op.Munmap m -> bytes("munmap len", m.len());
            case Op.Mprotect m -> bytes("mprotect len", m.len());
            case Op.Msync m -> bytes("msync len", m.len());
            default -> {
            }
        }
    }

    private void bytes(String row, long value) {
        count(BYTES, row, ArgClass.ofBytes(value));
    }

    private void count(String table, String row, String column) {
        counts.merge(new Cell(table, row, column), 1L, Long::sum);
    }

    static List<String> byteRows() {
        List<String> rows = new ArrayList<>(List.of("truncate len", "ftruncate len"));
        for (int mode : ArgValues.allFallocModes()) {
            rows.add("fallocate " + ArgClass.fallocMode(mode) + " off");
            rows.add("fallocate " + ArgClass.fallocMode(mode) + " len");
        }
        rows.addAll(List.of("write off", "write len", "read off", "mmap len", "mmap off", "munmap len", "mprotect len",
                "msync len"));
        return rows;
    }

    private static String mmapRow(FlagProfile profile, String kind) {
        return ArgClass.profile(profile) + " " + kind;
    }

    /** The report as CSV: {@code table,row,column,count}, every listed cell, then any other cell reached. */
    public String csv() {
        StringBuilder out = new StringBuilder("table,row,column,count\n");
        counts.forEach((cell, n) -> out.append(cell.table()).append(',').append(cell.row()).append(',')
                .append(cell.column()).append(',').append(n).append('\n'));
        return out.toString();
    }

    /** The report as three Markdown tables (listed columns only; a 0 is a class never reached). */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        table(out, BYTES, "call and argument", ArgClass.BYTES);
        out.append('\n');
        table(out, CREDS, "process", ArgClass.CREDS);
        out.append('\n');
        table(out, MMAP, "profile and file", ArgClass.MAP_FLAGS);
        return out.toString();
    }

    private void table(StringBuilder out, String table, String rowHeader, List<String> columns) {
        out.append("| ").append(rowHeader).append(" |");
        columns.forEach(column -> out.append(' ').append(column.replace("|", "\\|")).append(" |"));
        out.append("\n| --- |");
        columns.forEach(column -> out.append(" ---: |"));
        out.append('\n');
        List<String> rows = counts.keySet().stream().filter(cell -> cell.table().equals(table)).map(Cell::row)
                .distinct().toList();
        for (String row : rows) {
            out.append("| ").append(row.replace("|", "\\|")).append(" |");
            for (String column : columns) {
                out.append(' ').append(counts.getOrDefault(new Cell(table, row, column), 0L)).append(" |");
            }
            out.append('\n');
        }
    }
}
