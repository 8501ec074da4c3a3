package io.mapdirect.corpus;

import io.mapdirect.events.ActorKind;
import io.mapdirect.events.Op;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Step;
import io.mapdirect.harness.Variant;
import io.mapdirect.harness.WorldSpec;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.iommu.IommuVendor;
import io.mapdirect.kernel.Capability;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.TestFault;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a case in the corpus format ({@code fuzz-corpus/FORMAT.md}): a hand-written line-oriented
 * recursive-descent parser whose every error names the file, line and column and what was expected.
 */
public final class CaseParser {
    private final String file;
    private final Map<String, String> header = new LinkedHashMap<>();
    private final Map<String, Integer> headerLines = new LinkedHashMap<>();
    private long leaseBreakTimeSec = 45;
    private int pmemBlocks = 16;
    private boolean dax = true;
    private IommuVendor iommuVendor = IommuVendor.AMD;
    private boolean worldSeen;
    private final List<WorldSpec.DeviceSpec> devices = new ArrayList<>();
    private final List<WorldSpec.DevdaxSpec> devdax = new ArrayList<>();
    private final List<WorldSpec.FileSpec> files = new ArrayList<>();
    private final List<WorldSpec.ProcessSpec> processes = new ArrayList<>();
    private final List<WorldSpec.AllocFailure> allocFailures = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<Integer> stepLines = new ArrayList<>();
    private final List<Integer> fileLines = new ArrayList<>();
    private int[] schedule;

    private CaseParser(String file) {
        this.file = file;
    }

    /** Parses {@code text}; {@code file} names it in error messages. */
    public static Case parse(String file, String text) throws CorpusException {
        return new CaseParser(file).parseText(text);
    }

    private Case parseText(String text) throws CorpusException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripCarriageReturn(lines[i]);
            checkText(i + 1, line);
            line(i + 1, line);
        }
        return build(lines.length);
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** A line past the length limit, or holding a control character (binary data), is malformed. */
    private void checkText(int number, String line) throws CorpusException {
        if (line.length() > Limit.LINE_CHARS.max()) {
            throw error(number, (int) Limit.LINE_CHARS.max() + 1,
                    Limit.LINE_CHARS.exceeded("the line", line.length() + " characters long"));
        }
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (Character.isISOControl(ch) && ch != '\t') {
                throw error(number, i + 1, String.format(java.util.Locale.ROOT,
                        "control character U+%04X: a case is text (is this a binary file?)", (int) ch));
            }
        }
    }

    /** Fails at {@code c}'s line when one more {@code what} would pass {@code limit}. */
    private static void checkCount(Cursor c, int count, Limit limit, String what) throws CorpusException {
        if (count >= limit.max()) {
            throw c.errorAtStart(limit.exceeded("the number of " + what, "over " + limit.max()));
        }
    }

    private CorpusException error(int line, int column, String message) {
        return new CorpusException(file, line, column, message);
    }

    private void line(int number, String text) throws CorpusException {
        String trimmed = text.strip();
        int indent = text.indexOf(trimmed.isEmpty() ? " " : trimmed.substring(0, 1)) + 1;
        if (trimmed.isEmpty()) {
            return;
        }
        if (trimmed.startsWith("#")) {
            headerLine(number, trimmed);
            return;
        }
        if (schedule != null) {
            throw error(number, indent, "nothing may follow the schedule line");
        }
        Cursor cursor = new Cursor(file, number, text, indent - 1);
        String word = cursor.word();
        switch (word) {
            case "world" -> worldLine(cursor);
            case "device" -> deviceLine(cursor);
            case "devdax" -> devdaxLine(cursor);
            case "file" -> fileLine(cursor);
            case "process" -> processLine(cursor);
            case "fail_alloc" -> failAllocLine(cursor);
            case "schedule" -> scheduleLine(cursor);
            default -> stepLine(cursor, word);
        }
    }

    // ---------------------------------------------------------------- header

    private void headerLine(int number, String text) throws CorpusException {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return; // a plain comment
        }
        String key = text.substring(1, colon).strip();
        if (!List.of("title", "variant", "profile", "faults", "reverted", "test_faults", "expect", "provenance").contains(key)) {
            return; // a comment that happens to contain a colon
        }
        if (header.containsKey(key)) {
            throw error(number, 3, "second '# " + key + ":' line (the first is on line " + headerLines.get(key) + ")");
        }
        header.put(key, text.substring(colon + 1).strip());
        headerLines.put(key, number);
    }

    // ---------------------------------------------------------------- world

    private void worldLine(Cursor c) throws CorpusException {
        if (worldSeen) {
            throw c.error("a second 'world' line");
        }
        worldSeen = true;
        for (Map.Entry<String, Cursor.Token> kv : c.keyValues().entrySet()) {
            Cursor.Token value = kv.getValue();
            switch (kv.getKey()) {
                case "lease_break_time" -> leaseBreakTimeSec =
                        c.boundedDuration(value, Limit.LEASE_BREAK_TIME, "lease_break_time") / 1_000_000_000L;
                case "pmem" -> pmemBlocks = (int) c.bounded(value, Limit.PMEM_BLOCKS, "pmem");
                case "dax" -> dax = c.onOff(value);
                case "iommu_vendor" -> iommuVendor = iommuVendor(c, value);
                default -> throw c.errorAt(value, "world takes lease_break_time, pmem, dax and iommu_vendor, not '"
                        + kv.getKey() + "'");
            }
        }
    }

    private void deviceLine(Cursor c) throws CorpusException {
        checkCount(c, devices.size(), Limit.DEVICES, "device lines");
        String name = c.name("a device name like nic");
        IommuMode mode = IommuMode.DMA_STRICT;
        for (Map.Entry<String, Cursor.Token> kv : c.keyValues().entrySet()) {
            if (!kv.getKey().equals("iommu")) {
                throw c.errorAt(kv.getValue(), "device takes iommu=none|identity|strict|lazy, not '" + kv.getKey() + "'");
            }
            mode = iommuMode(c, kv.getValue());
        }
        if (devices.stream().anyMatch(d -> d.name().equals(name))) {
            throw c.errorAtStart("device " + name + " is declared twice");
        }
        devices.add(new WorldSpec.DeviceSpec(name, mode));
    }

    private static IommuVendor iommuVendor(Cursor c, Cursor.Token token) throws CorpusException {
        return switch (token.text()) {
            case "amd" -> IommuVendor.AMD;
            case "intel" -> IommuVendor.INTEL;
            default -> throw c.errorAt(token, "iommu_vendor must be amd or intel");
        };
    }

    static String iommuVendorName(IommuVendor vendor) {
        return vendor == IommuVendor.AMD ? "amd" : "intel";
    }

    private static IommuMode iommuMode(Cursor c, Cursor.Token token) throws CorpusException {
        return switch (token.text()) {
            case "none" -> IommuMode.NONE;
            case "identity" -> IommuMode.IDENTITY;
            case "strict" -> IommuMode.DMA_STRICT;
            case "lazy" -> IommuMode.DMA_LAZY;
            default -> throw c.errorAt(token, "iommu must be none, identity, strict or lazy");
        };
    }

    static String iommuName(IommuMode mode) {
        return switch (mode) {
            case NONE -> "none";
            case IDENTITY -> "identity";
            case DMA_STRICT -> "strict";
            case DMA_LAZY -> "lazy";
        };
    }

    private void devdaxLine(Cursor c) throws CorpusException {
        checkCount(c, devdax.size(), Limit.DEVDAX_INSTANCES, "devdax lines");
        String name = c.name("a device-dax name like dax0.0");
        Map<String, Cursor.Token> kv = c.keyValues();
        c.only(kv, "devdax", "pages", "owner");
        if (devdax.stream().anyMatch(d -> d.name().equals(name))) {
            throw c.errorAtStart("devdax " + name + " is declared twice");
        }
        devdax.add(new WorldSpec.DevdaxSpec(name, (int) c.bounded(c.required(kv, "pages"), Limit.DEVDAX_PAGES, "pages"),
                (int) c.bounded(c.required(kv, "owner"), Limit.UID, "owner")));
    }

    private void fileLine(Cursor c) throws CorpusException {
        checkCount(c, files.size(), Limit.FILES, "file lines");
        Cursor.Token path = c.token("a path like /xfs/f");
        if (!path.text().matches("/(xfs|plain)/[A-Za-z0-9_.-]+") || path.text().endsWith("/.") || path.text().endsWith("/..")) {
            throw c.errorAt(path, "a file directly on /xfs or /plain, like /xfs/f");
        }
        if (files.stream().anyMatch(f -> f.path().equals(path.text()))) {
            throw c.errorAt(path, "file " + path.text() + " is declared twice");
        }
        Map<String, Cursor.Token> kv = c.keyValues();
        c.only(kv, "file", "owner", "blocks", "reflink");
        Cursor.Token blocks = c.required(kv, "blocks");
        String pattern = blocks.text().equals("-") ? "" : blocks.text();
        if (pattern.length() > Limit.FILE_BLOCKS.max()) {
            throw c.errorAt(blocks, Limit.FILE_BLOCKS.exceeded("blocks", pattern.length() + " letters"));
        }
        if (!pattern.matches("[WUHS]*")) {
            throw c.errorAt(blocks, "blocks is a string of W (written), U (unwritten), H (hole), S (shared), or -");
        }
        Cursor.Token reflink = kv.get("reflink");
        if (reflink != null && files.stream().noneMatch(f -> f.path().equals(reflink.text()))) {
            throw c.errorAt(reflink, "reflink must name a file declared above");
        }
        files.add(new WorldSpec.FileSpec(path.text(), (int) c.bounded(c.required(kv, "owner"), Limit.UID, "owner"), pattern,
                reflink == null ? null : reflink.text()));
        fileLines.add(c.line());
    }

    private void processLine(Cursor c) throws CorpusException {
        checkCount(c, processes.size(), Limit.PROCESSES, "process lines");
        String name = c.name("a process name like p0");
        Map<String, Cursor.Token> kv = c.keyValues();
        c.only(kv, "process", "uid", "fsuid", "caps");
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        Cursor.Token capsToken = kv.get("caps");
        if (capsToken != null) {
            for (String cap : capsToken.text().split("\\|")) {
                try {
                    caps.add(Capability.valueOf(cap));
                } catch (IllegalArgumentException e) {
                    throw c.errorAt(capsToken, "capabilities like CAP_LEASE|CAP_DAC_OVERRIDE, not '" + cap + "'");
                }
            }
        }
        if (processes.stream().anyMatch(p -> p.name().equals(name))) {
            throw c.error("process " + name + " is declared twice");
        }
        int uid = (int) c.bounded(c.required(kv, "uid"), Limit.UID, "uid");
        Cursor.Token fsuidToken = kv.get("fsuid");
        int fsuid = fsuidToken == null ? uid : (int) c.bounded(fsuidToken, Limit.UID, "fsuid");
        processes.add(new WorldSpec.ProcessSpec(name, uid, fsuid, caps));
    }

    private void failAllocLine(Cursor c) throws CorpusException {
        checkCount(c, allocFailures.size(), Limit.ALLOC_FAILURES, "fail_alloc lines");
        Cursor.Token where = c.token("actor#op like p1#2");
        String[] parts = where.text().split("#", -1);
        if (parts.length != 2 || !parts[0].matches("[a-z][a-z0-9_.]*") || !parts[1].matches("[0-9]+")) {
            throw c.errorAt(where, "actor#op like p1#2 (the op index counts from 0 within the actor)");
        }
        long opIndex = c.bounded(new Cursor.Token(parts[1], where.column() + parts[0].length() + 1),
                Limit.ALLOC_FAILURE_OP, "the op index");
        Map<String, Cursor.Token> kv = c.keyValues();
        c.only(kv, "fail_alloc", "nth");
        allocFailures.add(new WorldSpec.AllocFailure(parts[0], (int) opIndex,
                (int) c.bounded(c.required(kv, "nth"), Limit.ALLOC_FAILURE_NTH, "nth")));
    }

    private void scheduleLine(Cursor c) throws CorpusException {
        c.expect(':');
        List<Integer> choices = new ArrayList<>();
        while (!c.atEnd()) {
            Cursor.Token token = c.token("a schedule choice (a small number)");
            if (!token.text().matches("[0-9]+")) {
                throw c.errorAt(token, "a schedule choice (a small non-negative number)");
            }
            if (choices.size() >= Limit.SCHEDULE_CHOICES.max()) {
                throw c.errorAt(token, Limit.SCHEDULE_CHOICES.exceeded("the number of choices", "over "
                        + Limit.SCHEDULE_CHOICES.max()));
            }
            choices.add((int) c.bounded(token, Limit.SCHEDULE_CHOICE, "the choice"));
        }
        schedule = choices.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---------------------------------------------------------------- steps

    private void stepLine(Cursor c, String actor) throws CorpusException {
        if (!actor.matches("[a-z][a-z0-9_.]*")) {
            throw c.errorAtStart("a directive (world, device, devdax, file, process, fail_alloc, schedule) or "
                    + "'actor: operation'");
        }
        checkCount(c, steps.size(), Limit.OPERATIONS, "operation lines");
        c.expect(':');
        OpParser parser = new OpParser(c);
        Op op = parser.parse();
        steps.add(new Step(actor, op, parser.returns()));
        stepLines.add(c.line());
    }

    // ---------------------------------------------------------------- the whole case

    private Case build(int lastLine) throws CorpusException {
        for (String key : List.of("title", "variant", "expect")) {
            if (!header.containsKey(key)) {
                throw error(1, 1, "missing header line '# " + key + ": ...'");
            }
        }
        Variant variant = variant();
        Set<KnownBug> faults = names("faults", KnownBug.class, "fault");
        Set<Repair> reverted = names("reverted", Repair.class, "repair");
        Set<TestFault> testFaults = names("test_faults", TestFault.class, "test-only fault");
        String expect = expect();
        if (header.containsKey("profile")) {
            String wanted = CaseWriter.profileName(variant.profile());
            if (!header.get("profile").equals(wanted)) {
                throw error(headerLines.get("profile"), 3, "variant " + variant + " runs the " + wanted
                        + " profile, not '" + header.get("profile") + "'");
            }
        }
        if (schedule == null) {
            throw error(lastLine, 1, "missing 'schedule:' line (write 'schedule:' alone for none)");
        }
        checkActors();
        checkAllocatedBlocks();
        WorldSpec world = new WorldSpec(leaseBreakTimeSec, pmemBlocks, dax, devices, devdax, files, processes,
                allocFailures, iommuVendor);
        return new Case(header.get("title"), variant, faults, reverted, testFaults, expect, header.getOrDefault("provenance", ""), world,
                steps, schedule);
    }

    private Variant variant() throws CorpusException {
        try {
            return Variant.valueOf(header.get("variant"));
        } catch (IllegalArgumentException e) {
            throw error(headerLines.get("variant"), 3, "variant must be one of " + List.of(Variant.values()));
        }
    }

    /** A header listing enum constants: {@code none} (the default) or names separated by {@code ,}. */
    private <E extends Enum<E>> Set<E> names(String key, Class<E> type, String what) throws CorpusException {
        String text = header.getOrDefault(key, "none");
        Set<E> names = EnumSet.noneOf(type);
        if (text.equals("none")) {
            return names;
        }
        for (String name : text.split(",")) {
            try {
                names.add(Enum.valueOf(type, name.strip()));
            } catch (IllegalArgumentException e) {
                throw error(headerLines.get(key), 3, "unknown " + what + " '" + name.strip() + "'; " + key
                        + " are none or " + List.of(type.getEnumConstants()));
            }
        }
        return names;
    }

    private String expect() throws CorpusException {
        String text = header.get("expect");
        if (text.equals(Case.PASS)) {
            return text;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String id = part.strip();
            try {
                io.mapdirect.check.InvariantId.valueOf(id);
            } catch (IllegalArgumentException e) {
                throw error(headerLines.get("expect"), 3, "expect must be 'pass' or invariant ids separated by ', ' "
                        + "(one of " + List.of(io.mapdirect.check.InvariantId.values()) + "), not '" + id + "'");
            }
            if (!ids.add(id)) {
                throw error(headerLines.get("expect"), 3, "expect names " + id + " twice");
            }
        }
        return String.join(", ", ids);
    }

    /** The W and U blocks of all files are allocated at set-up: together they must fit in pmem. */
    private void checkAllocatedBlocks() throws CorpusException {
        long allocated = 0;
        for (int i = 0; i < files.size(); i++) {
            allocated += files.get(i).blocks().chars().filter(ch -> ch == 'W' || ch == 'U').count();
            if (allocated > pmemBlocks) {
                throw error(fileLines.get(i), 1, "the files' W and U blocks need " + allocated
                        + " pmem blocks by this line, but pmem is " + pmemBlocks + " (world pmem=N)");
            }
        }
    }

    private void checkActors() throws CorpusException {
        Set<String> children = new LinkedHashSet<>();
        for (Step step : steps) {
            if (step.op() instanceof Op.Fork fork) {
                children.add(fork.child());
            }
        }
        Set<String> actors = new LinkedHashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (actors.add(step.actor()) && actors.size() > Limit.ACTORS.max()) {
                throw error(stepLines.get(i), 1, Limit.ACTORS.exceeded("the number of actors", "over " + Limit.ACTORS.max()));
            }
            ActorKind kind = kindOf(step.actor(), children);
            if (kind == null) {
                throw error(stepLines.get(i), 1, "actor '" + step.actor() + "' is neither a declared process, a device, "
                        + "'env', nor a child some fork(child=...) creates");
            }
            if (!step.op().runsOn().allows(kind)) {
                throw error(stepLines.get(i), step.actor().length() + 3, step.op().name() + " cannot run on "
                        + kind.name().toLowerCase() + " actor " + step.actor());
            }
        }
    }

    private ActorKind kindOf(String actor, Set<String> children) {
        if (actor.equals("env")) {
            return ActorKind.ENV;
        }
        if (devices.stream().anyMatch(d -> d.name().equals(actor))) {
            return ActorKind.DEVICE;
        }
        if (processes.stream().anyMatch(p -> p.name().equals(actor)) || children.contains(actor)) {
            return ActorKind.PROCESS;
        }
        return null;
    }
}
