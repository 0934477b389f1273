package dev.mlops.monitoring;

/** Receives every closed window of a {@link ModelMonitor}, on the thread that closed it. */
@FunctionalInterface
public interface MonitorListener {

    /** A window closed; its report has been recorded with the version. */
    void onWindow(WindowReport report);
}
