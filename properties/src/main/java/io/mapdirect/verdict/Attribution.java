package io.mapdirect.verdict;

import io.mapdirect.check.InvariantId;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Expectations;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Repair;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Why a {@code *_POSTED} variant violates an invariant. The shrunk counterexample is re-run on the
 * variant's design with the posted configuration spelled out (its known bugs on, every repair
 * reverted), with one switch flipped at a time (a known bug off, or a repair back on), then two; the
 * smallest sets after which the invariant holds explain the violation. A set made of known bugs
 * only: a bug the thread named. A set that needs a repair: a defect of the posted series that the
 * thread did not name. No set of at most two: the design's own behaviour when the design violates the
 * invariant by design, else unexplained.
 *
 * @param fixes  every smallest set of switches after which the invariant holds (empty: none found)
 * @param kind   what the sets say
 */
public record Attribution(List<Set<Switch>> fixes, Kind kind) {
    /** At most this many switches are tried together. */
    public static final int MAX_SET = 2;

    /** What explains a violation of the posted code. */
    public enum Kind {
        /** Switching off known bugs alone makes it pass. */
        KNOWN_BUG,
        /** It needs a repair: a defect of the posted series the thread did not name. */
        UNNAMED_DEFECT,
        /** No set makes it pass, and the design violates the invariant by design. */
        BY_DESIGN,
        /** No set of at most {@link #MAX_SET} switches makes it pass. */
        UNEXPLAINED
    }

    /** One switch away from the posted code. */
    public sealed interface Switch permits FaultOff, RepairOn {
        /** {@code "-BUG"} or {@code "+REPAIR"}. */
        String word();
    }

    /** A known bug switched off. */
    public record FaultOff(KnownBug bug) implements Switch {
        @Override
        public String word() {
            return "-" + bug.name();
        }
    }

    /** A repair switched back on. */
    public record RepairOn(Repair repair) implements Switch {
        @Override
        public String word() {
            return "+" + repair.name();
        }
    }

    public Attribution {
        fixes = fixes.stream().map(Set::copyOf).toList();
    }

    /** Attributes {@code invariant}'s violation by {@code shrunk}, a case of a posted variant. */
    public static Attribution of(Case shrunk, InvariantId invariant) {
        Variant variant = shrunk.variant();
        if (!variant.posted()) {
            throw new IllegalArgumentException(variant + " is not a posted variant");
        }
        Set<KnownBug> bugs = EnumSet.noneOf(KnownBug.class);
        bugs.addAll(variant.bugs());
        bugs.addAll(shrunk.faults());
        Case spelled = shrunk.withVariant(variant.design()).withFaults(bugs).withReverted(EnumSet.allOf(Repair.class));
        List<Switch> switches = new ArrayList<>();
        bugs.stream().sorted().forEach(b -> switches.add(new FaultOff(b)));
        for (Repair repair : Repair.values()) {
            switches.add(new RepairOn(repair));
        }
        for (int size = 1; size <= MAX_SET; size++) {
            List<Set<Switch>> fixes = new ArrayList<>();
            for (List<Switch> set : subsets(switches, size)) {
                if (!Runs.run(apply(spelled, set), false).violated(invariant)) {
                    fixes.add(Set.copyOf(set));
                }
            }
            if (!fixes.isEmpty()) {
                return new Attribution(fixes, fixes.stream().anyMatch(Attribution::bugsOnly) ? Kind.KNOWN_BUG
                        : Kind.UNNAMED_DEFECT);
            }
        }
        boolean byDesign = Expectations.byDesign(variant.design()).contains(invariant);
        return new Attribution(List.of(), byDesign ? Kind.BY_DESIGN : Kind.UNEXPLAINED);
    }

    private static boolean bugsOnly(Set<Switch> set) {
        return set.stream().allMatch(s -> s instanceof FaultOff);
    }

    private static Case apply(Case spelled, List<Switch> set) {
        Set<KnownBug> bugs = spelled.faults().isEmpty() ? EnumSet.noneOf(KnownBug.class) : EnumSet.copyOf(spelled.faults());
        Set<Repair> reverted = EnumSet.copyOf(spelled.reverted());
        for (Switch s : set) {
            switch (s) {
                case FaultOff off -> bugs.remove(off.bug());
                case RepairOn on -> reverted.remove(on.repair());
            }
        }
        return spelled.withFaults(bugs).withReverted(reverted);
    }

    private static List<List<Switch>> subsets(List<Switch> all, int size) {
        List<List<Switch>> out = new ArrayList<>();
        collect(all, size, 0, new ArrayList<>(), out);
        return out;
    }

    private static void collect(List<Switch> all, int size, int from, List<Switch> chosen, List<List<Switch>> out) {
        if (chosen.size() == size) {
            out.add(List.copyOf(chosen));
            return;
        }
        for (int i = from; i < all.size(); i++) {
            chosen.add(all.get(i));
            collect(all, size, i + 1, chosen, out);
            chosen.remove(chosen.size() - 1);
        }
    }

    /** One line: the kind and the sets, e.g. {@code "known bug: {-UMEM_BREAK_WRONG_OWNER}"}. */
    public String describe() {
        String sets = fixes.stream().map(Attribution::words).collect(Collectors.joining(" or "));
        return switch (kind) {
            case KNOWN_BUG -> "known bug: passes with " + sets;
            case UNNAMED_DEFECT -> "defect of the posted series the thread did not name: passes with " + sets;
            case BY_DESIGN -> "the design's own behaviour: no set of at most " + MAX_SET + " switches makes it pass";
            case UNEXPLAINED -> "unexplained: no set of at most " + MAX_SET + " switches makes it pass";
        };
    }

    private static String words(Set<Switch> set) {
        return set.stream().map(Switch::word).sorted().collect(Collectors.joining(", ", "{", "}"));
    }
}
