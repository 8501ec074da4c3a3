package io.mapdirect.bench;

/**
 * What the campaign figures of {@code bench} run: fresh JVMs of {@code mainClass} running
 * {@code fuzz} from {@code seed}; {@code cases} cases with 1 and with {@code jobs} jobs (the
 * scaling), and {@code warmTimeNs} of a fresh campaign with and without the warm-start cache.
 */
public record CampaignBenchSettings(String mainClass, int jobs, long cases, long warmTimeNs, long seed) {
    public CampaignBenchSettings {
        if (jobs < 1 || cases < 1 || warmTimeNs <= 0) {
            throw new IllegalArgumentException("jobs, cases and warm-up time must be positive, got " + jobs + ", "
                    + cases + ", " + warmTimeNs + "ns");
        }
    }
}
