package dev.mlops.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mlops.fleet.*}: routers that follow experiments stored in {@code mlops.store} and flush
 * their counts there, so a fleet of service instances runs one experiment.
 */
public class MlopsFleetProperties {

    /** Ids of stored experiments ({@code mlops experiments create}); each becomes a router. */
    private List<String> experiments = new ArrayList<>();

    /** This instance's name in the telemetry; default the host name. */
    private String instance;

    /** The length of a telemetry window. */
    private Duration window = Duration.ofMinutes(1);

    /** How often the counts are flushed; what is counted since is lost if the process dies. */
    private Duration flushInterval = Duration.ofSeconds(10);

    /** The stored experiments' ids. */
    public List<String> getExperiments() {
        return experiments;
    }

    /** Sets the stored experiments' ids. */
    public void setExperiments(List<String> experiments) {
        this.experiments = experiments;
    }

    /** The instance name, or null for the host name. */
    public String getInstance() {
        return instance;
    }

    /** Sets the instance name. */
    public void setInstance(String instance) {
        this.instance = instance;
    }

    /** The window length. */
    public Duration getWindow() {
        return window;
    }

    /** Sets the window length. */
    public void setWindow(Duration window) {
        this.window = window;
    }

    /** The flush interval. */
    public Duration getFlushInterval() {
        return flushInterval;
    }

    /** Sets the flush interval. */
    public void setFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
    }
}
