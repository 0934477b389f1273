package dev.mlops.spring.boot;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.retraining.PolicyException;
import dev.mlops.retraining.Retrainer;
import dev.mlops.retraining.RetrainingOutcome;
import dev.mlops.retraining.RetrainingPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.io.Resource;

/**
 * The retraining policies of the service's models ({@code mlops.retraining.<model>.policy}), read
 * and checked when the application starts, and run on request by the {@code mlops} endpoint.
 */
public final class MlopsRetrainingPolicies {

    private final Map<String, RetrainingPolicy> policies;

    private MlopsRetrainingPolicies(Map<String, RetrainingPolicy> policies) {
        this.policies = Map.copyOf(policies);
    }

    /**
     * Reads every configured policy.
     *
     * @throws MlopsConfigurationException naming the property when a policy is missing, unreadable or invalid
     */
    public static MlopsRetrainingPolicies read(MlopsProperties properties) {
        Map<String, RetrainingPolicy> policies = new LinkedHashMap<>();
        properties.getRetraining().forEach((model, settings) -> {
            String property = "mlops.retraining." + model + ".policy";
            Resource resource = settings.getPolicy();
            if (resource == null) {
                throw new MlopsConfigurationException(property + " is required (a policy file, e.g."
                        + " classpath:" + model + "-policy.json)");
            }
            String text;
            Path base;
            try {
                text = resource.getContentAsString(StandardCharsets.UTF_8);
                base = resource.isFile() ? resource.getFile().toPath().toAbsolutePath().getParent()
                        : Path.of("").toAbsolutePath();
            } catch (IOException e) {
                throw new MlopsConfigurationException(property + ": cannot read " + resource.getDescription() + ": "
                        + e.getMessage(), e);
            }
            try {
                policies.put(model, RetrainingPolicy.parse(text, resource.getDescription(), base));
            } catch (PolicyException e) {
                throw new MlopsConfigurationException(property + ": " + e.getMessage(), e);
            }
        });
        return new MlopsRetrainingPolicies(policies);
    }

    /** The policy of a model, if one is configured. */
    public Optional<RetrainingPolicy> policy(String model) {
        return Optional.ofNullable(policies.get(Objects.requireNonNull(model, "model")));
    }

    /** The models with a policy. */
    public Set<String> models() {
        return policies.keySet();
    }

    /**
     * Runs a model's policy now through {@code registry} (whose actor the audit log names).
     *
     * @throws MlopsEndpoint.UnknownException when the model has no policy configured
     * @throws dev.mlops.retraining.LeaseHeldException when another process is retraining the model
     */
    RetrainingOutcome run(ModelRegistry registry, String model) {
        RetrainingPolicy policy = policy(model).orElseThrow(() -> new MlopsEndpoint.UnknownException(
                "no retraining policy for model '" + model + "' (mlops.retraining." + model + ".policy); there are "
                        + policies.keySet()));
        return Retrainer.of(registry, policy).run(model);
    }
}
