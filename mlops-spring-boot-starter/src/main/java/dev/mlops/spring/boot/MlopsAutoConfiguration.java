package dev.mlops.spring.boot;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.HmacSha256Signer;
import dev.mlops.core.ModelRegistries;
import dev.mlops.drift.DriftMonitor;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.ExperimentFiles;
import dev.mlops.routing.Router;
import dev.mlops.training.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/**
 * The registry, trainer, routers and drift monitors of a service, from {@code mlops.*}
 * ({@link MlopsProperties}). Each bean backs off when the service defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(MlopsProperties.class)
public class MlopsAutoConfiguration {

    /**
     * The registry at {@code mlops.store}, prepared by the service's {@link MlopsRegistryInitializer}s.
     *
     * @throws MlopsConfigurationException when {@code mlops.store} is not set, the store cannot be
     *     opened or the signing key is unusable
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ModelRegistry mlopsRegistry(MlopsProperties properties, ObjectProvider<MlopsRegistryInitializer> initializers) {
        String store = properties.getStore();
        if (store == null || store.isBlank()) {
            throw new MlopsConfigurationException("mlops.store is not set: name the registry's store, e.g."
                    + " mlops.store=file:/var/models (mlops-registry-fs) or jdbc:postgresql://db/models"
                    + " (mlops-registry-jdbc and the driver)");
        }
        ModelRegistries.Builder builder = ModelRegistries.builder(store)
                .refreshInterval(properties.getRefreshInterval())
                .cacheSize(properties.getCacheSize());
        if (properties.getActor() != null) {
            builder.actor(properties.getActor());
        }
        properties.getStoreOptions().forEach(builder::option);
        signingKey(properties.getSigning()).ifPresent(key -> builder.signer(HmacSha256Signer.of(key)));
        ModelRegistry registry = builder.open();
        try {
            initializers.orderedStream().forEach(initializer -> initializer.initialize(registry));
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** The key of {@code mlops.signing.key} or the text of {@code mlops.signing.key-file}, without trailing line breaks. */
    static Optional<String> signingKey(MlopsProperties.Signing signing) {
        if (signing.getKey() != null && signing.getKeyFile() != null) {
            throw new MlopsConfigurationException("set mlops.signing.key or mlops.signing.key-file, not both");
        }
        if (signing.getKeyFile() != null) {
            try {
                String key = Files.readString(signing.getKeyFile(), StandardCharsets.UTF_8).stripTrailing();
                if (key.isEmpty()) {
                    throw new MlopsConfigurationException("mlops.signing.key-file " + signing.getKeyFile() + " is empty");
                }
                return Optional.of(key);
            } catch (IOException e) {
                throw new MlopsConfigurationException("cannot read mlops.signing.key-file " + signing.getKeyFile() + ": "
                        + e.getMessage(), e);
            }
        }
        if (signing.getKey() != null && signing.getKey().isEmpty()) {
            throw new MlopsConfigurationException("mlops.signing.key is empty");
        }
        return Optional.ofNullable(signing.getKey());
    }

    /**
     * A router per experiment file of {@code mlops.experiments}.
     *
     * @throws MlopsConfigurationException when a file cannot be read, is not an experiment, or two
     *     have the same id
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MlopsRouters mlopsRouters(ModelRegistry registry, MlopsProperties properties) {
        Map<String, Router<Classifier>> routers = new LinkedHashMap<>();
        try {
            for (Resource file : properties.getExperiments()) {
                Experiment experiment = experiment(file);
                if (routers.containsKey(experiment.id())) {
                    throw new MlopsConfigurationException("mlops.experiments: " + file.getDescription()
                            + " has the id '" + experiment.id() + "' of an experiment before it");
                }
                routers.put(experiment.id(), Router.builder(registry, Classifiers.format(), experiment).build());
            }
        } catch (RuntimeException e) {
            routers.values().forEach(Router::close);
            throw e;
        }
        return new MlopsRouters(routers);
    }

    /**
     * A router per stored experiment of {@code mlops.fleet.experiments}, following the stored
     * revision and flushing its counts to the store (none when the list is empty).
     *
     * @throws MlopsConfigurationException when an experiment is not stored or a setting is invalid
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MlopsFleetRouters mlopsFleetRouters(ModelRegistry registry, MlopsProperties properties) {
        return properties.getFleet().getExperiments().isEmpty() ? MlopsFleetRouters.none()
                : MlopsFleetRouters.start(registry, properties);
    }

    private static Experiment experiment(Resource file) {
        String json;
        try (InputStream in = file.getInputStream()) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MlopsConfigurationException("mlops.experiments: cannot read " + file.getDescription() + ": "
                    + e.getMessage(), e);
        }
        try {
            return ExperimentFiles.parse(json, file.getDescription());
        } catch (IllegalArgumentException e) {
            throw new MlopsConfigurationException("mlops.experiments: " + e.getMessage(), e);
        }
    }

    /**
     * A drift monitor per entry of {@code mlops.monitors}, against the reference profile stored with
     * the version its model reference resolves to now.
     *
     * @throws MlopsConfigurationException when a monitor names no model, its model does not resolve,
     *     or the version has no stored reference profile
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MlopsMonitors mlopsMonitors(ModelRegistry registry, MlopsProperties properties) {
        Map<String, MlopsMonitors.Watched> monitors = new LinkedHashMap<>();
        try {
            properties.getMonitors().forEach((name, settings) -> monitors.put(name, monitor(registry, name, settings)));
        } catch (RuntimeException e) {
            monitors.values().forEach(w -> w.monitor().close());
            throw e;
        }
        return new MlopsMonitors(monitors);
    }

    private static MlopsMonitors.Watched monitor(ModelRegistry registry, String name, MlopsProperties.Monitor settings) {
        String property = "mlops.monitors." + name + ".model";
        if (settings.getModel() == null || settings.getModel().isBlank()) {
            throw new MlopsConfigurationException(property + " is not set: name the version to watch, e.g. credit@production");
        }
        ModelVersion version;
        try {
            version = registry.get(settings.getModel());
        } catch (ModelNotFoundException | IllegalArgumentException e) {
            throw new MlopsConfigurationException(property + ": " + e.getMessage(), e);
        }
        ReferenceProfile profile = ReferenceProfile.stored(registry, version).orElseThrow(() ->
                new MlopsConfigurationException(property + ": " + version.ref() + " has no stored reference profile"
                        + " (evidence '" + ReferenceProfile.EVIDENCE_KIND + "', which the trainer stores with"
                        + " every version it registers)"));
        DriftMonitor monitor;
        try {
            monitor = DriftMonitor.builder(profile).windowSize(settings.getWindowSize())
                    .checkInterval(settings.getCheckInterval()).cooldown(settings.getCooldown()).build();
        } catch (IllegalArgumentException e) {
            throw new MlopsConfigurationException("mlops.monitors." + name + ": " + e.getMessage(), e);
        }
        return new MlopsMonitors.Watched(name, settings.getModel(), version, monitor);
    }

    /** A trainer that registers into the registry, when the service has {@code mlops-training}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Trainer.class)
    static class TrainerConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        Trainer mlopsTrainer(ModelRegistry registry, MlopsProperties properties) {
            return Trainer.builder().registry(registry).threads(properties.getTraining().getThreads()).build();
        }
    }

    /** The retraining policies of mlops.retraining, when the service has {@code mlops-online}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.mlops.retraining.Retrainer")
    static class RetrainingConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MlopsRetrainingPolicies mlopsRetrainingPolicies(MlopsProperties properties) {
            return MlopsRetrainingPolicies.read(properties);
        }
    }
}
