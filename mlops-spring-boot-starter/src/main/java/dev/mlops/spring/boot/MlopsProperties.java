package dev.mlops.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code mlops.*} settings of a service: where its registry is, who it acts as, how artifacts are
 * signed, which experiments it routes and which models it watches.
 */
@ConfigurationProperties("mlops")
public class MlopsProperties {

    /**
     * The registry's store, e.g. file:/var/models, jdbc:postgresql://db/models or mem:test. Required.
     */
    private String store;

    /** Who the service's own changes are recorded as in the audit log; the OS user when unset. */
    private String actor;

    /** How often changes made by other processes (promotions, alias moves) are looked for. */
    private Duration refreshInterval = Duration.ofSeconds(1);

    /** How many deserialized models the registry keeps cached. */
    private long cacheSize = 16;

    /** Options passed to the store provider, e.g. user and password of a JDBC store. */
    private Map<String, String> storeOptions = new LinkedHashMap<>();

    /** HMAC-SHA256 signing of artifacts. */
    private final Signing signing = new Signing();

    /**
     * Experiment files to route by (the format of mlops route and ExperimentFiles), e.g.
     * classpath:experiments/credit-ab.json; each becomes a router named by the experiment's id.
     */
    private List<Resource> experiments = new ArrayList<>();

    /** Drift monitors by name, each watching a model version against its stored reference profile. */
    private Map<String, Monitor> monitors = new LinkedHashMap<>();

    /**
     * Models the service serves in production: the mlops health indicator is down unless each has a
     * production version whose artifact verifies.
     */
    private List<String> productionModels = new ArrayList<>();

    /** The trainer bean. */
    private final Training training = new Training();

    /**
     * Retraining policies by model name (mlops.retraining.credit.policy=classpath:credit-policy.json),
     * run by the mlops endpoint's retrain action with a model; needs mlops-online.
     */
    private Map<String, Retraining> retraining = new LinkedHashMap<>();

    /** The mlops Actuator endpoint. */
    private final Endpoint endpoint = new Endpoint();

    /** Routers following stored experiments. */
    private final MlopsFleetProperties fleet = new MlopsFleetProperties();

    /** The registry's store URI. */
    public String getStore() {
        return store;
    }

    /** Sets the registry's store URI. */
    public void setStore(String store) {
        this.store = store;
    }

    /** The actor, or null for the library's default. */
    public String getActor() {
        return actor;
    }

    /** Sets the actor. */
    public void setActor(String actor) {
        this.actor = actor;
    }

    /** The refresh interval. */
    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    /** Sets the refresh interval. */
    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    /** The model cache size. */
    public long getCacheSize() {
        return cacheSize;
    }

    /** Sets the model cache size. */
    public void setCacheSize(long cacheSize) {
        this.cacheSize = cacheSize;
    }

    /** The store options. */
    public Map<String, String> getStoreOptions() {
        return storeOptions;
    }

    /** Sets the store options. */
    public void setStoreOptions(Map<String, String> storeOptions) {
        this.storeOptions = storeOptions;
    }

    /** The signing settings. */
    public Signing getSigning() {
        return signing;
    }

    /** The experiment files. */
    public List<Resource> getExperiments() {
        return experiments;
    }

    /** Sets the experiment files. */
    public void setExperiments(List<Resource> experiments) {
        this.experiments = experiments;
    }

    /** The monitors by name. */
    public Map<String, Monitor> getMonitors() {
        return monitors;
    }

    /** Sets the monitors. */
    public void setMonitors(Map<String, Monitor> monitors) {
        this.monitors = monitors;
    }

    /** The models served in production. */
    public List<String> getProductionModels() {
        return productionModels;
    }

    /** Sets the models served in production. */
    public void setProductionModels(List<String> productionModels) {
        this.productionModels = productionModels;
    }

    /** The retraining policies by model. */
    public Map<String, Retraining> getRetraining() {
        return retraining;
    }

    /** Sets the retraining policies by model. */
    public void setRetraining(Map<String, Retraining> retraining) {
        this.retraining = retraining;
    }

    /** The trainer settings. */
    public Training getTraining() {
        return training;
    }

    /** The endpoint settings. */
    public Endpoint getEndpoint() {
        return endpoint;
    }

    /** The fleet settings. */
    public MlopsFleetProperties getFleet() {
        return fleet;
    }

    /** Artifact signing: a key given as a value (from a secret store or environment) or in a file. */
    public static class Signing {

        /** The HMAC-SHA256 key; artifacts are then signed and unsigned ones refused. */
        private String key;

        /** A file holding the HMAC-SHA256 key (a mounted secret), instead of the key itself. */
        private Path keyFile;

        /** The key. */
        public String getKey() {
            return key;
        }

        /** Sets the key. */
        public void setKey(String key) {
            this.key = key;
        }

        /** The key file. */
        public Path getKeyFile() {
            return keyFile;
        }

        /** Sets the key file. */
        public void setKeyFile(Path keyFile) {
            this.keyFile = keyFile;
        }
    }

    /** A drift monitor of a model version. */
    public static class Monitor {

        /**
         * The version watched, e.g. credit@production: its stored reference profile (which the trainer
         * keeps with every version) is the reference. Resolved at startup.
         */
        private String model;

        /** Non-missing values per feature window. */
        private int windowSize = 1_000;

        /** Time between checks of the windows. */
        private Duration checkInterval = Duration.ofMinutes(1);

        /** Minimum time between two alerts for the same feature. */
        private Duration cooldown = Duration.ofMinutes(10);

        /** The model reference. */
        public String getModel() {
            return model;
        }

        /** Sets the model reference. */
        public void setModel(String model) {
            this.model = model;
        }

        /** The window size. */
        public int getWindowSize() {
            return windowSize;
        }

        /** Sets the window size. */
        public void setWindowSize(int windowSize) {
            this.windowSize = windowSize;
        }

        /** The check interval. */
        public Duration getCheckInterval() {
            return checkInterval;
        }

        /** Sets the check interval. */
        public void setCheckInterval(Duration checkInterval) {
            this.checkInterval = checkInterval;
        }

        /** The alert cooldown. */
        public Duration getCooldown() {
            return cooldown;
        }

        /** Sets the alert cooldown. */
        public void setCooldown(Duration cooldown) {
            this.cooldown = cooldown;
        }
    }

    /** The trainer bean's settings. */
    public static class Training {

        /** How many submitted training jobs run at once. */
        private int threads = 1;

        /** The worker threads. */
        public int getThreads() {
            return threads;
        }

        /** Sets the worker threads. */
        public void setThreads(int threads) {
            this.threads = threads;
        }
    }

    /** The mlops Actuator endpoint's settings (its access is management.endpoint.mlops.access). */
    public static class Endpoint {

        /**
         * Whether write operations may run without an authenticated principal (recorded as the
         * service's actor). Off: without Spring Security or another authentication, writes are refused.
         */
        private boolean anonymousWrites;

        /** Whether unauthenticated writes are allowed. */
        public boolean isAnonymousWrites() {
            return anonymousWrites;
        }

        /** Sets whether unauthenticated writes are allowed. */
        public void setAnonymousWrites(boolean anonymousWrites) {
            this.anonymousWrites = anonymousWrites;
        }
    }

    /** The retraining of one model. */
    public static class Retraining {

        /**
         * The policy file (the format of mlops retrain --policy), e.g. classpath:credit-policy.json;
         * relative data paths in it are read from its directory when it is a file, else from the
         * working directory.
         */
        private Resource policy;

        /** The policy file. */
        public Resource getPolicy() {
            return policy;
        }

        /** Sets the policy file. */
        public void setPolicy(Resource policy) {
            this.policy = policy;
        }
    }
}
