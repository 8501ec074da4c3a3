package io.mapdirect.corpus;

import io.mapdirect.events.Op;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The corpus syntax of every operation: its name, whether it defines a resource, and its named
 * arguments in order, with types and defaults. One table serves the writer and the parser, so what
 * is written is always read back as the same operation.
 */
final class OpSyntax {
    /** One argument: name, type, whether it may be left out, and its default then (may be null). */
    record Arg(String name, ArgType type, boolean optional, Object defaultValue) {
        static Arg required(String name, ArgType type) {
            return new Arg(name, type, false, null);
        }

        static Arg optional(String name, ArgType type, Object defaultValue) {
            return new Arg(name, type, true, defaultValue);
        }
    }

    /** Parsed argument values by name, and the result name. */
    record Values(String result, Map<String, Object> byName) {
        String s(String name) {
            return (String) byName.get(name);
        }

        long l(String name) {
            return ((Number) byName.get(name)).longValue();
        }

        int i(String name) {
            return ((Number) byName.get(name)).intValue();
        }
    }

    /** The syntax of one operation. */
    record Form(String name, boolean hasResult, List<Arg> args, Function<Values, Op> build,
                Function<Op, List<Object>> values) { }

    private static final Map<String, Form> FORMS = new LinkedHashMap<>();

    private static final ArgType RES = ArgType.RESOURCE;
    private static final ArgType NUM = ArgType.NUMBER;
    private static final ArgType BYTES = ArgType.BYTES;
    private static final ArgType PAGE = ArgType.PAGE;

    static {
        form("open", true, v -> new Op.Open(v.result(), v.s("path"), v.i("flags")),
                op -> List.of(((Op.Open) op).path(), ((Op.Open) op).flags()),
                Arg.required("path", ArgType.PATH), Arg.required("flags", ArgType.OPEN_FLAGS));
        form("close", false, v -> new Op.Close(v.s("fd")), op -> List.of(((Op.Close) op).fd()), Arg.required("fd", RES));
        form("read", false, v -> new Op.Read(v.s("fd"), v.l("off")),
                op -> List.of(((Op.Read) op).fd(), ((Op.Read) op).off()),
                Arg.required("fd", RES), Arg.optional("off", BYTES, 0L));
        form("write", false, v -> new Op.Write(v.s("fd"), v.l("off"), v.l("len"), v.l("value")),
                op -> List.of(((Op.Write) op).fd(), ((Op.Write) op).off(), ((Op.Write) op).len(), ((Op.Write) op).value()),
                Arg.required("fd", RES), Arg.optional("off", BYTES, 0L), Arg.required("len", BYTES),
                Arg.optional("value", NUM, 1L));
        form("fallocate", false, v -> new Op.Fallocate(v.s("fd"), v.i("mode"), v.l("off"), v.l("len")),
                op -> List.of(((Op.Fallocate) op).fd(), ((Op.Fallocate) op).mode(), ((Op.Fallocate) op).off(),
                        ((Op.Fallocate) op).len()),
                Arg.required("fd", RES), Arg.required("mode", ArgType.FALLOC_MODE), Arg.optional("off", BYTES, 0L),
                Arg.required("len", BYTES));
        form("truncate", false, v -> new Op.Truncate(v.s("path"), v.l("len")),
                op -> List.of(((Op.Truncate) op).path(), ((Op.Truncate) op).len()),
                Arg.required("path", ArgType.PATH), Arg.required("len", BYTES));
        form("ftruncate", false, v -> new Op.Ftruncate(v.s("fd"), v.l("len")),
                op -> List.of(((Op.Ftruncate) op).fd(), ((Op.Ftruncate) op).len()),
                Arg.required("fd", RES), Arg.required("len", BYTES));
        form("fsync", false, v -> new Op.Fsync(v.s("fd")), op -> List.of(((Op.Fsync) op).fd()), Arg.required("fd", RES));
        form("ficlone", false, v -> new Op.Ficlone(v.s("dst"), v.s("src")),
                op -> List.of(((Op.Ficlone) op).dst(), ((Op.Ficlone) op).src()),
                Arg.required("dst", RES), Arg.required("src", RES));
        form("setlease", false, v -> new Op.SetLease(v.s("fd"), v.i("type")),
                op -> List.of(((Op.SetLease) op).fd(), ((Op.SetLease) op).type()),
                Arg.required("fd", RES), Arg.required("type", ArgType.LEASE_TYPE));
        form("getlease", false, v -> new Op.GetLease(v.s("fd")), op -> List.of(((Op.GetLease) op).fd()),
                Arg.required("fd", RES));
        memoryForms();
        otherForms();
    }

    private static void memoryForms() {
        form("mmap", true, v -> new Op.Mmap(v.result(), v.l("len"), v.i("prot"), v.i("flags"), v.s("fd"), v.l("off")),
                op -> {
                    Op.Mmap m = (Op.Mmap) op;
                    return java.util.Arrays.asList(m.len(), m.prot(), m.flags(), m.fd(), m.off());
                },
                Arg.required("len", BYTES), Arg.required("prot", ArgType.PROT), Arg.required("flags", ArgType.MAP_FLAGS),
                Arg.optional("fd", RES, null), Arg.optional("off", BYTES, 0L));
        form("munmap", false, v -> new Op.Munmap(v.s("addr"), v.l("page"), v.l("len")),
                op -> List.of(((Op.Munmap) op).addr(), ((Op.Munmap) op).page(), ((Op.Munmap) op).len()),
                Arg.required("addr", RES), Arg.optional("page", PAGE, 0L), Arg.required("len", BYTES));
        form("mprotect", false, v -> new Op.Mprotect(v.s("addr"), v.l("page"), v.l("len"), v.i("prot")),
                op -> List.of(((Op.Mprotect) op).addr(), ((Op.Mprotect) op).page(), ((Op.Mprotect) op).len(),
                        ((Op.Mprotect) op).prot()),
                Arg.required("addr", RES), Arg.optional("page", PAGE, 0L), Arg.required("len", BYTES),
                Arg.required("prot", ArgType.PROT));
        form("msync", false, v -> new Op.Msync(v.s("addr"), v.l("page"), v.l("len"), v.i("flags")),
                op -> List.of(((Op.Msync) op).addr(), ((Op.Msync) op).page(), ((Op.Msync) op).len(),
                        ((Op.Msync) op).flags()),
                Arg.required("addr", RES), Arg.optional("page", PAGE, 0L), Arg.required("len", BYTES),
                Arg.optional("flags", ArgType.MSYNC_FLAGS, 4));
        form("load", false, v -> new Op.Load(v.s("addr"), v.l("page")),
                op -> List.of(((Op.Load) op).addr(), ((Op.Load) op).page()),
                Arg.required("addr", RES), Arg.optional("page", PAGE, 0L));
        form("store", false, v -> new Op.Store(v.s("addr"), v.l("page"), v.l("value")),
                op -> List.of(((Op.Store) op).addr(), ((Op.Store) op).page(), ((Op.Store) op).value()),
                Arg.required("addr", RES), Arg.optional("page", PAGE, 0L), Arg.optional("value", NUM, 1L));
        form("flush", false, v -> new Op.Flush(v.s("addr"), v.l("page"), v.l("len")),
                op -> List.of(((Op.Flush) op).addr(), ((Op.Flush) op).page(), ((Op.Flush) op).len()),
                Arg.required("addr", RES), Arg.optional("page", PAGE, 0L), Arg.optional("len", BYTES, 4096L));
        form("reg_mr", true, v -> new Op.RegMr(v.result(), v.s("addr"), v.l("page"), v.l("len"), v.s("device")),
                op -> List.of(((Op.RegMr) op).addr(), ((Op.RegMr) op).page(), ((Op.RegMr) op).len(),
                        ((Op.RegMr) op).device()),
                Arg.required("addr", RES), Arg.optional("page", PAGE, 0L), Arg.required("len", BYTES),
                Arg.optional("device", ArgType.NAME, "nic"));
        form("dereg_mr", false, v -> new Op.DeregMr(v.s("mr")), op -> List.of(((Op.DeregMr) op).mr()),
                Arg.required("mr", RES));
        form("direct_io", false, v -> new Op.DirectIo(v.s("addr"), v.l("page"), v.l("len"), v.l("hold")),
                op -> List.of(((Op.DirectIo) op).addr(), ((Op.DirectIo) op).page(), ((Op.DirectIo) op).len(),
                        ((Op.DirectIo) op).holdNs()),
                Arg.required("addr", RES), Arg.optional("page", PAGE, 0L), Arg.required("len", BYTES),
                Arg.required("hold", ArgType.DURATION));
    }

    private static void otherForms() {
        form("fork", false, v -> new Op.Fork(v.s("child")), op -> List.of(((Op.Fork) op).child()),
                Arg.required("child", ArgType.NAME));
        form("exit", false, v -> new Op.Exit(), op -> List.of());
        form("sleep", false, v -> new Op.Sleep(v.l("for")), op -> List.of(((Op.Sleep) op).ns()),
                Arg.required("for", ArgType.DURATION));
        form("await_sigio", false, v -> new Op.AwaitSigio(v.l("timeout")), op -> List.of(((Op.AwaitSigio) op).timeoutNs()),
                Arg.required("timeout", ArgType.DURATION));
        form("sysctl_lease_break_time", false, v -> new Op.SetLeaseBreakTime(v.l("seconds")),
                op -> List.of(((Op.SetLeaseBreakTime) op).seconds()), Arg.required("seconds", ArgType.SECONDS));
        form("kill", false, v -> new Op.Kill(v.s("process"), v.s("signal")),
                op -> List.of(((Op.Kill) op).process(), ((Op.Kill) op).signal()),
                Arg.required("process", ArgType.NAME), Arg.required("signal", ArgType.SIGNAL));
        form("crash", false, v -> new Op.Crash(), op -> List.of());
        form("kill_dev_dax", false, v -> new Op.KillDevdax(v.s("device")), op -> List.of(((Op.KillDevdax) op).device()),
                Arg.required("device", ArgType.NAME));
        form("dma_write", false, v -> new Op.DmaWrite(v.s("mr"), v.l("page"), v.l("value")),
                op -> List.of(((Op.DmaWrite) op).mr(), ((Op.DmaWrite) op).page(), ((Op.DmaWrite) op).value()),
                Arg.required("mr", RES), Arg.optional("page", PAGE, 0L), Arg.optional("value", NUM, 1L));
        form("dma_read", false, v -> new Op.DmaRead(v.s("mr"), v.l("page")),
                op -> List.of(((Op.DmaRead) op).mr(), ((Op.DmaRead) op).page()),
                Arg.required("mr", RES), Arg.optional("page", PAGE, 0L));
    }

    private static void form(String name, boolean hasResult, Function<Values, Op> build, Function<Op, List<Object>> values,
                             Arg... args) {
        FORMS.put(name, new Form(name, hasResult, List.of(args), build, values));
    }

    private OpSyntax() {
    }

    /** The form named {@code name}, or null. */
    static Form named(String name) {
        return FORMS.get(name);
    }

    /** The form of {@code op}. */
    static Form of(Op op) {
        Form form = FORMS.get(op.name());
        if (form == null) {
            throw new IllegalStateException("no corpus syntax for operation " + op.name());
        }
        return form;
    }

    /** Every operation name, for error messages and FORMAT.md. */
    static List<String> names() {
        return List.copyOf(FORMS.keySet());
    }

    /** Which actors may run the operation of {@code form} (built once from placeholder values). */
    static io.mapdirect.events.ActorKind runsOn(Form form) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Arg arg : form.args()) {
            values.put(arg.name(), switch (arg.type()) {
                case RESOURCE -> "r0";
                case NAME -> "p0";
                case PATH -> "/xfs/f";
                case SIGNAL -> "SIGINT";
                case NUMBER, BYTES, PAGE, SECONDS, DURATION -> 0L;
                default -> 0;
            });
        }
        return form.build().apply(new Values(form.hasResult() ? "r0" : null, values)).runsOn();
    }

    /** Every form, in table order. */
    static List<Form> forms() {
        return List.copyOf(FORMS.values());
    }
}
