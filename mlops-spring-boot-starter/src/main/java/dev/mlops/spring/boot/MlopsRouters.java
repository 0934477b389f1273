package dev.mlops.spring.boot;

import dev.mlops.model.Classifier;
import dev.mlops.routing.Router;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The routers of the experiments in {@code mlops.experiments}, by experiment id: each serves the
 * registered classifiers its variants name ({@link dev.mlops.model.Classifiers#format()}).
 * Configuration changes made to a router (weights, canary ramps) last until the service stops.
 */
public final class MlopsRouters implements AutoCloseable {

    private final Map<String, Router<Classifier>> routers;

    /**
     * The routers, by experiment id.
     *
     * @throws IllegalArgumentException when a router's experiment id is not its key
     */
    public MlopsRouters(Map<String, Router<Classifier>> routers) {
        routers.forEach((id, router) -> {
            if (!router.experiment().id().equals(id)) {
                throw new IllegalArgumentException("router of experiment '" + router.experiment().id()
                        + "' given as '" + id + "'");
            }
        });
        this.routers = Collections.unmodifiableMap(new LinkedHashMap<>(routers));
    }

    /**
     * The router of an experiment.
     *
     * @throws IllegalArgumentException when no configured experiment has this id, naming those that are
     */
    public Router<Classifier> router(String experimentId) {
        Router<Classifier> router = routers.get(Objects.requireNonNull(experimentId, "experimentId"));
        if (router == null) {
            throw new IllegalArgumentException("no experiment '" + experimentId + "' in mlops.experiments; there are "
                    + routers.keySet());
        }
        return router;
    }

    /** Every router, by experiment id, in the order of {@code mlops.experiments}. */
    public Map<String, Router<Classifier>> all() {
        return routers;
    }

    /** Stops the routers' shadow threads. */
    @Override
    public void close() {
        routers.values().forEach(Router::close);
    }
}
