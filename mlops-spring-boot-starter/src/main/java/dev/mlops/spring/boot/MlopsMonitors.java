package dev.mlops.spring.boot;

import dev.mlops.drift.DriftMonitor;
import dev.mlops.registry.ModelVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The drift monitors of {@code mlops.monitors}, by name. The service records its production rows
 * into them ({@link DriftMonitor#record}, in the order of the monitor's features); their checks run on
 * their schedule and their alerts reach listeners, the meters and the {@code mlops} endpoint.
 */
public final class MlopsMonitors implements AutoCloseable {

    /**
     * A monitor and the version whose reference profile it compares with.
     *
     * @param name    the monitor's name in {@code mlops.monitors}
     * @param model   the reference it was configured with, e.g. {@code credit@production}
     * @param version the version that reference resolved to at startup
     * @param monitor the monitor
     */
    public record Watched(String name, String model, ModelVersion version, DriftMonitor monitor) {

        public Watched {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(monitor, "monitor");
        }
    }

    private final Map<String, Watched> monitors;

    /** The monitors, by name. */
    public MlopsMonitors(Map<String, Watched> monitors) {
        this.monitors = Collections.unmodifiableMap(new LinkedHashMap<>(monitors));
    }

    /**
     * The monitor of a name.
     *
     * @throws IllegalArgumentException when no configured monitor has this name, naming those that are
     */
    public DriftMonitor monitor(String name) {
        Watched watched = monitors.get(Objects.requireNonNull(name, "name"));
        if (watched == null) {
            throw new IllegalArgumentException("no monitor '" + name + "' in mlops.monitors; there are "
                    + monitors.keySet());
        }
        return watched.monitor();
    }

    /** Every monitor, by name, in the order of {@code mlops.monitors}. */
    public Map<String, Watched> all() {
        return monitors;
    }

    /** Stops the monitors' scheduled checks. */
    @Override
    public void close() {
        monitors.values().forEach(w -> w.monitor().close());
    }
}
