/**
 * What a fleet of service instances shares through the store besides the registry: experiments
 * (a definition, its revision and state, each change recorded with actor and reason) and
 * telemetry buckets (one instance's counts for one window, replaced on every flush and merged
 * by readers). Stores offer them through {@link dev.mlops.spi.ExperimentStore} and
 * {@link dev.mlops.spi.TelemetryStore}.
 */
package dev.mlops.fleet;
