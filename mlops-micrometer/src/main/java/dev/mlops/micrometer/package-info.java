/**
 * Micrometer {@link io.micrometer.core.instrument.binder.MeterBinder}s for the parts of mlops that
 * run in a service: {@link dev.mlops.micrometer.RegistryMetrics} (the model registry and
 * {@code mlops.model.info}), {@link dev.mlops.micrometer.RouterMetrics} (assignments, prediction
 * latency per model, version and variant, conversions, guardrail trips, shadow agreement),
 * {@link dev.mlops.micrometer.DriftMonitorMetrics}, {@link dev.mlops.micrometer.OnlineLearnerMetrics} and
 * {@link dev.mlops.micrometer.TrainerMetrics}.
 *
 * <p>The binders read the counters the components keep anyway ({@code LongAdder}s, snapshots) with
 * function counters, function timers and gauges, so binding adds no work, allocation or lock to
 * the request path; meters whose tags change (a promotion moves {@code mlops.model.info}, a
 * variant's model gets a new version) follow the components' listeners. No tag carries a unit id,
 * a request id or any other value without a bound: tags are experiment, variant, model and version
 * names, feature names, stages, aliases and small enumerations.
 *
 * <pre>{@code
 * new RegistryMetrics(registry, Tags.empty()).bindTo(meterRegistry);
 * new RouterMetrics(router, registry, Tags.empty()).bindTo(meterRegistry);
 * }</pre>
 */
package dev.mlops.micrometer;
