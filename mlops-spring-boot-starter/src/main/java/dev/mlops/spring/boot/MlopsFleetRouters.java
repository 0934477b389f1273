package dev.mlops.spring.boot;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.ModelStores;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.routing.ExperimentFollower;
import dev.mlops.routing.FleetTelemetry;
import dev.mlops.routing.Router;
import dev.mlops.routing.StoredExperiments;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.TelemetryStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routers of the stored experiments of {@code mlops.fleet.experiments}: each follows its
 * stored revision (every {@code mlops.refresh-interval}) and flushes its counts per
 * {@code mlops.fleet.window} (every {@code mlops.fleet.flush-interval}) as this instance's
 * telemetry, so every instance of the service runs, and is judged in, one experiment.
 */
public final class MlopsFleetRouters implements AutoCloseable {

    private final ModelStore store;
    private final Map<String, Router<Classifier>> routers;
    private final List<AutoCloseable> running;

    private MlopsFleetRouters(ModelStore store, Map<String, Router<Classifier>> routers, List<AutoCloseable> running) {
        this.store = store;
        this.routers = Collections.unmodifiableMap(routers);
        this.running = running;
    }

    /** No stored experiments: nothing opened. */
    static MlopsFleetRouters none() {
        return new MlopsFleetRouters(null, new LinkedHashMap<>(), new ArrayList<>());
    }

    /**
     * Opens the store and starts a following, flushing router per stored experiment.
     *
     * @throws MlopsConfigurationException when an experiment is not stored or a setting is invalid
     */
    static MlopsFleetRouters start(ModelRegistry registry, MlopsProperties properties) {
        MlopsFleetProperties fleet = properties.getFleet();
        Duration refresh = properties.getRefreshInterval();
        if (refresh.isZero() || refresh.isNegative()) {
            throw new MlopsConfigurationException("mlops.fleet needs a positive mlops.refresh-interval, was " + refresh);
        }
        String instance = fleet.getInstance() != null ? fleet.getInstance() : hostName();
        ModelStore store = ModelStores.open(properties.getStore(), properties.getStoreOptions());
        Map<String, Router<Classifier>> routers = new LinkedHashMap<>();
        List<AutoCloseable> running = new ArrayList<>();
        MlopsFleetRouters opened = new MlopsFleetRouters(store, routers, running);
        try {
            StoredExperiments experiments = StoredExperiments.of(store, InstantSource.system());
            for (String id : fleet.getExperiments()) {
                StoredExperiments.Current current = experiments.find(id).orElseThrow(() -> new MlopsConfigurationException(
                        "mlops.fleet.experiments: no experiment '" + id + "' in " + store.uri()
                                + "; store it first (mlops experiments create --file EXP.json)"));
                Router<Classifier> router = Router.builder(registry, Classifiers.format(), current.routed()).build();
                routers.put(id, router);
                running.add(ExperimentFollower.start(router, experiments, refresh, instance));
                running.add(FleetTelemetry.start(router, (TelemetryStore) store, instance, fleet.getWindow(),
                        fleet.getFlushInterval(), InstantSource.system()));
            }
        } catch (RuntimeException e) {
            opened.close();
            throw e instanceof IllegalArgumentException ? new MlopsConfigurationException("mlops.fleet: " + e.getMessage(), e) : e;
        }
        return opened;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            throw new MlopsConfigurationException("set mlops.fleet.instance: the host name is unknown", e);
        }
    }

    /**
     * The router of a stored experiment.
     *
     * @throws IllegalArgumentException when it is not one of {@code mlops.fleet.experiments}
     */
    public Router<Classifier> router(String experimentId) {
        Router<Classifier> router = routers.get(experimentId);
        if (router == null) {
            throw new IllegalArgumentException("no experiment '" + experimentId + "' in mlops.fleet.experiments; there are "
                    + routers.keySet());
        }
        return router;
    }

    /** Every router, by experiment id. */
    public Map<String, Router<Classifier>> all() {
        return routers;
    }

    /** Flushes once more and stops following, flushing and the routers; closes the store. */
    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                // closing the others matters more; each logs its own failure
            }
        }
        routers.values().forEach(Router::close);
        if (store != null) {
            try {
                store.close();
            } catch (Exception e) {
                // nothing is left to save
            }
        }
    }
}
