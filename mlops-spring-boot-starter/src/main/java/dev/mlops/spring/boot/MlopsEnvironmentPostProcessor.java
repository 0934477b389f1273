package dev.mlops.spring.boot;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts the {@code mlops} health component in the readiness group: unless the service configures
 * that group itself, {@code management.endpoint.health.group.readiness.include} defaults to
 * {@code readinessState,mlops}, so {@code /actuator/health/readiness} is down until the production
 * models resolve and verify. The default has the lowest precedence of all property sources.
 */
public class MlopsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    /** The property this sets when nothing else does. */
    static final String READINESS_INCLUDE = "management.endpoint.health.group.readiness.include";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.containsProperty(READINESS_INCLUDE)) {
            environment.getPropertySources().addLast(new MapPropertySource("mlopsDefaults",
                    Map.of(READINESS_INCLUDE, "readinessState,mlops")));
        }
    }
}
