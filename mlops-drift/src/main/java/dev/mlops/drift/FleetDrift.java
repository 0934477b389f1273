package dev.mlops.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.registry.StorageException;
import dev.mlops.spi.TelemetryStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A drift monitor's windows shared by a fleet: each instance stores its window's
 * {@link FeatureSummary summaries} as a telemetry bucket ({@link TelemetryBucket#MONITOR}),
 * replaced when stored again; readers merge every instance's windows into the summaries of all
 * the values the fleet saw.
 *
 * <pre>{@code
 * FleetDrift.record(store, "credit-inputs", "pod-7", windowStart, List.of(
 *         FeatureSummary.numeric(income, incomes, FeatureSummary.DEFAULT_CAPACITY, windowStart)), clock);
 * Map<String, FeatureSummary> fleet = FleetDrift.merged(store, "credit-inputs", 1);
 * double psi = fleet.get("income").psi(income);   // exactly the PSI of every instance's values
 * }</pre>
 */
public final class FleetDrift {

    private FleetDrift() {
    }

    /** Stores one instance's window of a monitor, replacing what it stored for that window before. */
    public static void record(TelemetryStore store, String monitor, String instance, long window,
                              List<FeatureSummary> summaries, InstantSource clock) {
        ObjectNode root = Json.object();
        ArrayNode features = root.putArray("features");
        summaries.forEach(s -> features.add(s.toJson()));
        store.putBucket(new TelemetryBucket(TelemetryBucket.MONITOR, monitor, instance, window, clock.instant(),
            Json.write(root)));
    }

    /**
     * Every instance's windows of a monitor merged per feature, in window and instance order.
     *
     * @param seed seeds the merge of the samples (the same seed, the same merge)
     * @throws StorageException if a stored window is not summaries
     */
    public static Map<String, FeatureSummary> merged(TelemetryStore store, String monitor, long seed) {
        Map<String, List<FeatureSummary>> byFeature = new LinkedHashMap<>();
        for (TelemetryBucket bucket : store.buckets(TelemetryBucket.MONITOR, monitor)) {
            try {
                for (JsonNode node : Json.read(bucket.payload()).required("features")) {
                    FeatureSummary s = FeatureSummary.fromJson(node);
                    byFeature.computeIfAbsent(s.feature(), f -> new ArrayList<>()).add(s);
                }
            } catch (IllegalArgumentException e) {
                throw new StorageException("the window " + bucket.window() + " of monitor '" + monitor + "' from instance '"
                    + bucket.instance() + "' is damaged: " + e.getMessage(), e);
            }
        }
        Map<String, FeatureSummary> merged = new LinkedHashMap<>();
        byFeature.forEach((feature, parts) -> merged.put(feature, FeatureSummary.merge(parts, seed)));
        return merged;
    }
}
