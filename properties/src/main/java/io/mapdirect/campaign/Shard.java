package io.mapdirect.campaign;

import java.util.Map;

/**
 * One shard of a campaign: case indices {@code k} with {@code k mod count == index}. Shards of the
 * same seed are disjoint and together cover every index, whatever machine runs them.
 *
 * @param index this shard, from 0
 * @param count how many shards
 */
public record Shard(int index, int count) {
    /** The whole campaign as one shard. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard is i/n with 0 <= i < n, got " + index + "/" + count);
        }
    }

    /** Parses {@code i/n}. */
    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2 || !parts[0].matches("[0-9]{1,9}") || !parts[1].matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("'" + text + "' is not a shard; write i/n (e.g. 0/4) or auto");
        }
        return new Shard(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /**
     * The shard a Kubernetes Indexed Job or a CI matrix job gives this process: the first of
     * {@code JOB_COMPLETION_INDEX} with {@code MAPDIRECT_SHARD_COUNT} (Kubernetes sets the index; the
     * Job manifest passes its {@code completions} as the count), {@code MAPDIRECT_SHARD_INDEX} with
     * {@code MAPDIRECT_SHARD_COUNT} (any CI matrix), {@code CI_NODE_INDEX} (1-based) with
     * {@code CI_NODE_TOTAL} (GitLab {@code parallel:}), {@code BUILDKITE_PARALLEL_JOB} with
     * {@code BUILDKITE_PARALLEL_JOB_COUNT}.
     */
    public static Shard fromEnvironment(Map<String, String> env) {
        String count = env.get("MAPDIRECT_SHARD_COUNT");
        if (env.containsKey("JOB_COMPLETION_INDEX")) {
            return of(env.get("JOB_COMPLETION_INDEX"), count, 0, "JOB_COMPLETION_INDEX", "MAPDIRECT_SHARD_COUNT");
        }
        if (env.containsKey("MAPDIRECT_SHARD_INDEX")) {
            return of(env.get("MAPDIRECT_SHARD_INDEX"), count, 0, "MAPDIRECT_SHARD_INDEX", "MAPDIRECT_SHARD_COUNT");
        }
        if (env.containsKey("CI_NODE_INDEX")) {
            return of(env.get("CI_NODE_INDEX"), env.get("CI_NODE_TOTAL"), 1, "CI_NODE_INDEX", "CI_NODE_TOTAL");
        }
        if (env.containsKey("BUILDKITE_PARALLEL_JOB")) {
            return of(env.get("BUILDKITE_PARALLEL_JOB"), env.get("BUILDKITE_PARALLEL_JOB_COUNT"), 0,
                    "BUILDKITE_PARALLEL_JOB", "BUILDKITE_PARALLEL_JOB_COUNT");
        }
        throw new IllegalArgumentException("--shard auto found no shard in the environment: set JOB_COMPLETION_INDEX "
                + "(Kubernetes Indexed Job) or MAPDIRECT_SHARD_INDEX, with MAPDIRECT_SHARD_COUNT");
    }

    private static Shard of(String index, String count, int base, String indexName, String countName) {
        if (count == null) {
            throw new IllegalArgumentException("--shard auto: " + indexName + " is set but " + countName + " is not");
        }
        if (!index.strip().matches("[0-9]{1,9}") || !count.strip().matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("--shard auto: " + indexName + "=" + index + " and " + countName + "="
                    + count + " must be whole numbers");
        }
        return new Shard(Integer.parseInt(index.strip()) - base, Integer.parseInt(count.strip()));
    }

    /**
     * Part {@code worker} of this shard split among {@code workers}: indices {@code k} of this shard
     * with {@code (k div count) mod workers == worker}, i.e. the shard
     * {@code (index + worker * count) / (count * workers)}. The parts are disjoint and together are
     * exactly this shard, so {@code --shard i/n} with {@code --jobs N} runs the cases of shard i/n.
     */
    public Shard part(int worker, int workers) {
        if (workers < 1 || worker < 0 || worker >= workers) {
            throw new IllegalArgumentException("a part is w of N with 0 <= w < N, got " + worker + " of " + workers);
        }
        return new Shard(Math.toIntExact(index + (long) worker * count), Math.toIntExact((long) count * workers));
    }

    /** Whether case {@code caseIndex} belongs to this shard. */
    public boolean owns(long caseIndex) {
        return Math.floorMod(caseIndex, (long) count) == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
