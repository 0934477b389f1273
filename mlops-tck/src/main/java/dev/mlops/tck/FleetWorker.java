package dev.mlops.tck;

import dev.mlops.core.ModelStores;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.TelemetryStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A child process of the fleet tests ({@link FleetTests}): flushes the buckets of one instance,
 * every window several times over, as a service instance retrying its flushes would.
 *
 * <p>Arguments: {@code URI INSTANCE WINDOWS REPEATS [OPTION=VALUE]...}. The payload of window w
 * on its last flush is {@link #payload(String, long)}; earlier flushes write another.
 */
public final class FleetWorker {

    private FleetWorker() {
    }

    /** The payload an instance's final flush of a window holds. */
    static String payload(String instance, long window) {
        return "{\"instance\":\"" + instance + "\",\"window\":" + window + ",\"count\":" + (window * 7 + instance.length()) + "}";
    }

    /**
     * Runs the worker.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        String instance = args[1];
        int windows = Integer.parseInt(args[2]);
        int repeats = Integer.parseInt(args[3]);
        try (ModelStore store = ModelStores.open(args[0], options)) {
            TelemetryStore telemetry = (TelemetryStore) store;
            for (int repeat = 0; repeat < repeats; repeat++) {
                for (long w = 0; w < windows; w++) {
                    String payload = repeat == repeats - 1 ? payload(instance, w) : "{\"partial\":" + repeat + "}";
                    telemetry.putBucket(new TelemetryBucket(TelemetryBucket.EXPERIMENT, "fleet", instance, w,
                            Instant.now(), payload));
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
