package dev.mlops.core;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.internal.DefaultModelRegistry;
import dev.mlops.core.internal.RegistryConfig;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.PromotionGate;
import dev.mlops.spi.ArtifactSigner;
import dev.mlops.spi.ModelStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Opens {@link ModelRegistry}s.
 *
 * <pre>{@code
 * try (ModelRegistry registry = ModelRegistries.open("file:/var/models")) {
 *     Classifier model = registry.load("churn@production", Classifiers.format());
 * }
 * }</pre>
 *
 * <p>Defaults: the actor is the OS user ({@code user.name}); artifacts are neither signed nor
 * required to be signed; changes by other processes are picked up every second; up to 16
 * deserialized models are cached. The library reads no environment variables: a service maps its
 * own configuration to these settings (the command maps {@code MLOPS_ACTOR},
 * {@code MLOPS_SIGNING_KEY}, ...), so nothing outside the code changes a registry's behaviour.
 */
public final class ModelRegistries {

    private ModelRegistries() {
    }

    /** Opens the registry stored at {@code uri} with the defaults. */
    public static ModelRegistry open(String uri) {
        return builder(uri).open();
    }

    /** Starts configuring a registry stored at {@code uri}, e.g. {@code file:/var/models}. */
    public static Builder builder(String uri) {
        return new Builder(Objects.requireNonNull(uri, "uri"), null);
    }

    /** Starts configuring a registry over a store the caller opened (and the registry will close). */
    public static Builder builder(ModelStore store) {
        return new Builder(null, Objects.requireNonNull(store, "store"));
    }

    /** Configures and opens a registry. Setters check their argument and name it when it is bad. */
    public static final class Builder {
        private final String uri;
        private final ModelStore store;
        private final Map<String, String> options = new LinkedHashMap<>();
        private final List<PromotionGate> gates = new ArrayList<>();
        private String actor = defaultActor();
        private Optional<ArtifactSigner> signer = Optional.empty();
        private InstantSource clock = InstantSource.system();
        private Duration refreshInterval = Duration.ofSeconds(1);
        private long cacheSize = 16;
        private ScheduledExecutorService scheduler;
        private Duration artifactGrace = Duration.ofHours(1);

        private Builder(String uri, ModelStore store) {
            this.uri = uri;
            this.store = store;
        }

        /** Who the mutations of this registry are recorded as. */
        public Builder actor(String actor) {
            this.actor = RegistryConfig.requireValidActor(actor);
            return this;
        }

        /** Signs new artifacts and requires valid signatures on load. */
        public Builder signer(ArtifactSigner signer) {
            this.signer = Optional.of(Objects.requireNonNull(signer, "signer"));
            return this;
        }

        /** Adds a gate every promotion must pass. */
        public Builder gate(PromotionGate gate) {
            gates.add(Objects.requireNonNull(gate, "gate"));
            return this;
        }

        /** The clock that stamps versions and audit entries. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How often to look for changes made by other processes, which bounds how long a cached model
         * may be stale after another process promoted a version. Zero disables the background check.
         */
        public Builder refreshInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("refresh interval must be zero or positive, got "
                        + interval);
            }
            this.refreshInterval = interval;
            return this;
        }

        /** How many deserialized models to keep cached. */
        public Builder cacheSize(long models) {
            if (models < 1) {
                throw new IllegalArgumentException("cache size must be at least 1, got " + models);
            }
            this.cacheSize = models;
            return this;
        }

        /** Runs the background refresh on this scheduler instead of a daemon thread of its own. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * How long after artifact bytes were stored they are kept even when no version references
         * them, because a registration in another process may have stored them and not yet
         * committed its version. Deleting a version removes its bytes at once only when they are
         * older; {@code collectGarbage} takes its own. One hour by default.
         */
        public Builder artifactGrace(Duration grace) {
            if (grace == null || grace.isNegative()) {
                throw new IllegalArgumentException("artifact grace must be zero or positive, got " + grace);
            }
            this.artifactGrace = grace;
            return this;
        }

        /** A backend option passed to the store provider (only when opening by URI). */
        public Builder option(String key, String value) {
            if (store != null) {
                throw new IllegalStateException("options apply only when the registry opens the store");
            }
            options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Opens the registry.
         *
         * @throws MlopsConfigurationException when the store cannot be resolved
         */
        public ModelRegistry open() {
            ModelStore opened = store != null ? store : ModelStores.open(uri, options);
            try {
                return new DefaultModelRegistry(opened, new RegistryConfig(actor, signer, gates,
                        clock, refreshInterval, cacheSize, Optional.ofNullable(scheduler), artifactGrace));
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
        }

        private static String defaultActor() {
            String user = System.getProperty("user.name", "");
            return user.isBlank() ? "unknown" : user;
        }
    }
}
