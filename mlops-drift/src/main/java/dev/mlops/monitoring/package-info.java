/**
 * Production monitoring of a registered version: {@link dev.mlops.monitoring.ModelMonitor} joins
 * predictions to their later ground truth and judges windows for input drift against the version's
 * stored reference profile, prediction drift and live metrics against its validation-time
 * {@link dev.mlops.monitoring.Baseline}; each {@link dev.mlops.monitoring.WindowReport} is a
 * performance record of the version, with {@link dev.mlops.monitoring.MonitorAlert}s.
 */
package dev.mlops.monitoring;
