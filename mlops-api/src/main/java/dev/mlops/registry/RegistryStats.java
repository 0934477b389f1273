package dev.mlops.registry;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ModelRegistry} did in this process since it was opened: counts that only grow, for
 * metrics exporters (read them as often as you like; counting costs the registry no lock).
 *
 * @param cacheHits             {@link ModelRegistry#load} calls answered from the cache
 * @param cacheMisses           {@link ModelRegistry#load} calls that resolved the reference again
 *                              (first use, or a change to the store since)
 * @param loads                 models read from verified artifact bytes and deserialized
 * @param loadFailures          of those, the ones that failed (bad bytes, wrong format)
 * @param verifications         artifacts checked against their digest and signature, on load,
 *                              on read and by {@link ModelRegistry#verify}
 * @param verificationFailures  of those, the ones that did not match
 * @param registrations         versions registered (an idempotent repeat included)
 * @param promotions            stage changes by {@link ModelRegistry#promote}, by target stage
 *                              (every stage present, zero when none)
 * @param rollbacks             {@link ModelRegistry#rollback}s
 */
public record RegistryStats(long cacheHits, long cacheMisses, long loads, long loadFailures, long verifications,
        long verificationFailures, long registrations, Map<Stage, Long> promotions, long rollbacks) {

    public RegistryStats {
        Objects.requireNonNull(promotions, "promotions");
        EnumMap<Stage, Long> all = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            all.put(stage, promotions.getOrDefault(stage, 0L));
        }
        promotions = Map.copyOf(all);
    }

    /** Promotions to any stage. */
    public long totalPromotions() {
        return promotions.values().stream().mapToLong(Long::longValue).sum();
    }
}
