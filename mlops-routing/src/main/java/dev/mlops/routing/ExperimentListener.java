package dev.mlops.routing;

/**
 * Receives a {@link Router}'s configuration changes ({@link Router#update}, {@link Router#setWeights},
 * {@link Router#rampCanary}, {@link Router#nextEpoch}, a canary rollback), on the thread that made the
 * change, after the new configuration is in force and before the next change is made. Keep it quick.
 * An exception thrown here is logged and does not stop other listeners or the change.
 */
@FunctionalInterface
public interface ExperimentListener {

    /** Called once per change, with the configuration before and the one now in force. */
    void onChange(Experiment previous, Experiment current);
}
