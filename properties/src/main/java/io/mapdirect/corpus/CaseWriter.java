package io.mapdirect.corpus;

import io.mapdirect.events.Op;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Returns;
import io.mapdirect.harness.Step;
import io.mapdirect.harness.WorldSpec;
import io.mapdirect.iommu.IommuVendor;
import io.mapdirect.kernel.Capability;
import io.mapdirect.kernel.FlagProfile;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Writes a case in the corpus format (see {@code fuzz-corpus/FORMAT.md}); {@link CaseParser} reads
 * it back as an equal case.
 */
public final class CaseWriter {
    private CaseWriter() {
    }

    /** The whole case as text. */
    public static String write(Case c) {
        StringBuilder out = new StringBuilder();
        out.append("# title: ").append(c.title()).append('\n');
        out.append("# variant: ").append(c.variant()).append('\n');
        out.append("# profile: ").append(profileName(c.variant().profile())).append('\n');
        out.append("# faults: ").append(names(c.faults())).append('\n');
        if (!c.reverted().isEmpty()) {
            out.append("# reverted: ").append(names(c.reverted())).append('\n');
        }
        if (!c.testFaults().isEmpty()) {
            out.append("# test_faults: ").append(names(c.testFaults())).append('\n');
        }
        out.append("# expect: ").append(c.expect()).append('\n');
        out.append("# provenance: ").append(c.provenance()).append("\n\n");
        world(out, c.world());
        out.append('\n');
        for (Step step : c.steps()) {
            out.append(step(step)).append('\n');
        }
        out.append("\nschedule:");
        for (int choice : c.schedule()) {
            out.append(' ').append(choice);
        }
        return out.append('\n').toString();
    }

    static String profileName(FlagProfile profile) {
        return profile == FlagProfile.SEED_2017 ? "seed-2017" : "linux-6.x";
    }

    private static String names(java.util.Set<? extends Enum<?>> values) {
        if (values.isEmpty()) {
            return "none";
        }
        TreeSet<String> names = new TreeSet<>();
        for (Enum<?> value : values) {
            names.add(value.name());
        }
        return String.join(",", names);
    }

    private static void world(StringBuilder out, WorldSpec w) {
        out.append("world lease_break_time=").append(w.leaseBreakTimeSec()).append("s pmem=").append(w.pmemBlocks())
                .append(" dax=").append(w.xfsDax() ? "on" : "off");
        if (w.iommuVendor() != IommuVendor.AMD) {
            out.append(" iommu_vendor=").append(CaseParser.iommuVendorName(w.iommuVendor()));
        }
        out.append('\n');
        for (WorldSpec.DeviceSpec d : w.devices()) {
            out.append("device ").append(d.name()).append(" iommu=").append(CaseParser.iommuName(d.iommu())).append('\n');
        }
        for (WorldSpec.DevdaxSpec d : w.devdax()) {
            out.append("devdax ").append(d.name()).append(" pages=").append(d.pages()).append(" owner=")
                    .append(d.ownerUid()).append('\n');
        }
        for (WorldSpec.FileSpec f : w.files()) {
            out.append("file ").append(f.path()).append(" owner=").append(f.ownerUid()).append(" blocks=")
                    .append(f.blocks().isEmpty() ? "-" : f.blocks());
            if (f.reflinkFrom() != null) {
                out.append(" reflink=").append(f.reflinkFrom());
            }
            out.append('\n');
        }
        for (WorldSpec.ProcessSpec p : w.processes()) {
            out.append("process ").append(p.name()).append(" uid=").append(p.uid());
            if (p.fsuid() != p.uid()) {
                out.append(" fsuid=").append(p.fsuid());
            }
            if (!p.capabilities().isEmpty()) {
                TreeSet<String> caps = new TreeSet<>();
                for (Capability cap : p.capabilities()) {
                    caps.add(cap.name());
                }
                out.append(" caps=").append(String.join("|", caps));
            }
            out.append('\n');
        }
        for (WorldSpec.AllocFailure f : w.allocFailures()) {
            out.append("fail_alloc ").append(f.actor()).append('#').append(f.opIndex()).append(" nth=").append(f.nth())
                    .append('\n');
        }
    }

    /** One step: {@code p0: r1 = mmap(len=8192, prot=READ|WRITE, flags=SHARED_VALIDATE|DIRECT, fd=r0)}. */
    public static String step(Step step) {
        String text = step.actor() + ": " + op(step.op());
        if (step.returns() == null) {
            return text;
        }
        return text + " => " + step.returns().result()
                + (step.returns().atNs() == Returns.ANY_TIME ? "" : " at " + ArgType.formatDuration(step.returns().atNs()));
    }

    /** One operation: {@code r1 = mmap(...)}. */
    public static String op(Op op) {
        OpSyntax.Form form = OpSyntax.of(op);
        StringBuilder out = new StringBuilder();
        if (form.hasResult() && op.result() != null) {
            out.append(op.result()).append(" = ");
        }
        out.append(form.name()).append('(');
        List<Object> values = form.values().apply(op);
        boolean first = true;
        for (int i = 0; i < form.args().size(); i++) {
            OpSyntax.Arg arg = form.args().get(i);
            Object value = values.get(i);
            if (arg.optional() && Objects.equals(normalize(value), normalize(arg.defaultValue()))) {
                continue;
            }
            out.append(first ? "" : ", ").append(arg.name()).append('=').append(arg.type().format(value));
            first = false;
        }
        return out.append(')').toString();
    }

    private static Object normalize(Object value) {
        return value instanceof Number n ? (Object) n.longValue() : value;
    }
}
