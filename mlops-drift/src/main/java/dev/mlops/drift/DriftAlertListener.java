package dev.mlops.drift;

/**
 * Receives alerts from a {@link DriftMonitor}, on the thread that ran the check. An exception
 * thrown here is reported through the library's SLF4J logger and does not stop other listeners or the
 * monitor.
 */
@FunctionalInterface
public interface DriftAlertListener {

    /** Called once per alert that is not suppressed by the cooldown. */
    void onAlert(DriftAlert alert);
}
