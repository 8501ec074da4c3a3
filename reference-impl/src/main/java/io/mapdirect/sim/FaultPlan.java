package io.mapdirect.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which injected failures a run carries, as "fail the N-th occurrence of {@code kind} inside
 * {@code scope}" rules (for example the 2nd {@code alloc} inside the scope {@code "op 4"}). The
 * model asks {@link #shouldFail(String, String)} at every site of that kind and takes its error
 * path when told to. The plan knows nothing of kernels: scopes and kinds are labels.
 */
public final class FaultPlan {
    /** One rule: the {@code nth} (1-based) occurrence of {@code kind} in {@code scope} fails. */
    public record Rule(String scope, String kind, int nth) {
        public Rule {
            if (nth < 1) {
                throw new IllegalArgumentException("fault rule occurrence must be >= 1, got " + nth + " for " + kind + " in " + scope);
            }
        }
    }

    /** An injection that happened. */
    public record Injection(String scope, String kind, int nth, String site) { }

    private final List<Rule> rules;
    private final Map<String, Integer> counters = new LinkedHashMap<>();
    private final List<Injection> injected = new ArrayList<>();

    private FaultPlan(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static FaultPlan none() {
        return new FaultPlan(List.of());
    }

    public static FaultPlan of(List<Rule> rules) {
        return new FaultPlan(rules);
    }

    /** Counts one occurrence of {@code kind} in {@code scope} and says whether it must fail. */
    public boolean shouldFail(String scope, String kind) {
        return shouldFail(scope, kind, kind);
    }

    /** As {@link #shouldFail(String, String)}, naming the site for reports. */
    public boolean shouldFail(String scope, String kind, String site) {
        if (rules.isEmpty()) {
            return false;
        }
        String key = scope + '\u0000' + kind;
        int count = counters.merge(key, 1, Integer::sum);
        for (Rule rule : rules) {
            if (rule.nth() == count && rule.kind().equals(kind) && rule.scope().equals(scope)) {
                injected.add(new Injection(scope, kind, count, site));
                return true;
            }
        }
        return false;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Every failure injected so far, in order. */
    public List<Injection> injected() {
        return List.copyOf(injected);
    }
}
