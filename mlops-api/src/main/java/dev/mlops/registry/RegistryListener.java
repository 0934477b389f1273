package dev.mlops.registry;

/**
 * Receives {@link RegistryEvent}s, in audit order per model, on a registry thread. Keep it quick:
 * events of one registry are delivered one at a time. Exceptions are logged and do not stop
 * delivery to other listeners.
 */
@FunctionalInterface
public interface RegistryListener {

    /** Called once per event. */
    void onEvent(RegistryEvent event);
}
