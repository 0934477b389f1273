package dev.mlops.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The meters of one binder, by a key of the binder's choosing, in every meter registry it is bound
 * to: a meter added later (a new variant, a new version) goes to every registry, a registry bound
 * later gets every meter, and a key's meters can be removed everywhere. Thread-safe.
 */
final class BoundMeters {

    /** How one key's meter is registered, and the meter in each registry. */
    private record Entry(Function<MeterRegistry, Meter> register, Map<MeterRegistry, Meter> meters) {
    }

    private final List<MeterRegistry> registries = new ArrayList<>();
    private final Map<Object, Entry> entries = new LinkedHashMap<>();

    /** Binds a registry: every meter added so far and from now on is registered in it too. */
    synchronized void bind(MeterRegistry registry) {
        registries.add(registry);
        for (Entry entry : entries.values()) {
            entry.meters.put(registry, entry.register.apply(registry));
        }
    }

    /** Whether a meter is registered under this key. */
    synchronized boolean has(Object key) {
        return entries.containsKey(key);
    }

    /** Registers a meter under a key in every bound registry; nothing if the key is taken. */
    synchronized void add(Object key, Function<MeterRegistry, Meter> register) {
        if (entries.containsKey(key)) {
            return;
        }
        Entry entry = new Entry(register, new IdentityHashMap<>());
        for (MeterRegistry registry : registries) {
            entry.meters.put(registry, register.apply(registry));
        }
        entries.put(key, entry);
    }

    /** Removes a key's meter from every registry; nothing for an unknown key. */
    synchronized void remove(Object key) {
        Entry entry = entries.remove(key);
        if (entry != null) {
            entry.meters.forEach(MeterRegistry::remove);
        }
    }

    /** The keys, in the order they were added. */
    synchronized List<Object> keys() {
        return List.copyOf(entries.keySet());
    }

    /** Removes every meter from every registry; the registries stay bound. */
    synchronized void removeAll() {
        for (Object key : keys()) {
            remove(key);
        }
    }
}
