package dev.mlops.spring.boot;

import dev.mlops.registry.ArtifactVerification;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code mlops} health component: up when the store answers and each model of
 * {@code mlops.production-models} has a production version whose artifact verifies (digest and
 * signature); down otherwise, saying which model is not ready and why. It is in the readiness group
 * by default, so a service whose models are missing or damaged gets no traffic.
 *
 * <p>An artifact is verified once per version: versions never change, and every load verifies
 * again anyway.
 */
public class MlopsHealthIndicator implements HealthIndicator {

    private final ModelRegistry registry;
    private final List<String> productionModels;
    private final Map<String, ArtifactVerification> verified = new ConcurrentHashMap<>();

    /** Checks the registry's store and the production versions of {@code productionModels}. */
    public MlopsHealthIndicator(ModelRegistry registry, List<String> productionModels) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.productionModels = List.copyOf(productionModels);
    }

    @Override
    public Health health() {
        List<ModelSummary> models;
        try {
            models = registry.models();
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("store", "unreachable").build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("models", models.size());
        boolean up = true;
        Map<String, Object> production = new LinkedHashMap<>();
        for (String name : productionModels) {
            Map<String, Object> model = new LinkedHashMap<>();
            production.put(name, model);
            Optional<ModelVersion> version;
            try {
                version = registry.find(name + "@production");
            } catch (RuntimeException e) {
                up = false;
                model.put("error", e.getMessage());
                continue;
            }
            if (version.isEmpty()) {
                up = false;
                model.put("error", "no production version");
                continue;
            }
            ModelVersion v = version.get();
            model.put("version", v.version());
            ArtifactVerification verification = verified.get(v.ref().toString());
            if (verification == null) {
                try {
                    verification = registry.verify(v.ref().toString());
                } catch (RuntimeException e) {
                    up = false;
                    model.put("error", e.getMessage());
                    continue;
                }
                if (verification.intact()) {
                    verified.put(v.ref().toString(), verification);
                }
            }
            model.put("verified", verification.intact());
            if (!verification.intact()) {
                up = false;
                model.put("error", verification.message());
            }
        }
        if (!production.isEmpty()) {
            details.put("production", production);
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
