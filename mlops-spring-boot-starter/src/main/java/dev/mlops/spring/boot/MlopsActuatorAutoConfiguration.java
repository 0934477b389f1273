package dev.mlops.spring.boot;

import dev.mlops.registry.ModelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a service with Spring Boot Actuator and Micrometer gets on top of {@link MlopsAutoConfiguration}:
 * the {@code mlops} health indicator, the {@code mlops} endpoint and the meter binder, each when its
 * part of Boot is present and the service has not defined its own.
 */
@AutoConfiguration(after = MlopsAutoConfiguration.class)
@ConditionalOnBean(ModelRegistry.class)
public class MlopsActuatorAutoConfiguration {

    /** The {@code mlops} health component ({@code management.health.mlops.enabled}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("mlops")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "mlopsHealthIndicator")
        MlopsHealthIndicator mlopsHealthIndicator(ModelRegistry registry, MlopsProperties properties) {
            return new MlopsHealthIndicator(registry, properties.getProductionModels());
        }
    }

    /** The {@code mlops} endpoint, when it is available (exposed and not switched off). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(MlopsEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MlopsEndpoint mlopsEndpoint(ModelRegistry registry, MlopsRouters routers, MlopsMonitors monitors,
                ListableBeanFactory beans, ApplicationEventPublisher events, MlopsProperties properties) {
            return new MlopsEndpoint(registry, routers, monitors, beans, events, properties);
        }
    }

    /** The meters, when the service has Micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        MlopsMeterBinder mlopsMeterBinder(ModelRegistry registry, MlopsRouters routers, MlopsMonitors monitors,
                ListableBeanFactory beans) {
            return new MlopsMeterBinder(registry, routers, monitors, beans);
        }
    }
}
