package dev.mlops.tck;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.ModelStoreProvider;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Opens {@link InMemoryModelStore}s for {@code mem:NAME} URIs, such as {@code mem:orders-test}: the
 * stores opened with one name in a JVM share their contents until the last of them is closed.
 */
public final class InMemoryModelStoreProvider implements ModelStoreProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public InMemoryModelStoreProvider() {
    }

    /** {@return {@code mem}} */
    @Override
    public String scheme() {
        return "mem";
    }

    @Override
    public String description() {
        return "in-memory reference store (mlops-tck)";
    }

    /**
     * Opens an instance of the store named by {@code uri}, creating the store when no instance of
     * it is open.
     *
     * @throws MlopsConfigurationException when the URI is not {@code mem:} followed by a name, or
     *     an option is given: the store takes none
     */
    @Override
    public ModelStore open(String uri, Map<String, String> options) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(options, "options");
        if (!options.isEmpty()) {
            throw new MlopsConfigurationException("the in-memory store takes no options, but got "
                    + new TreeSet<>(options.keySet()) + " for " + uri);
        }
        if (!uri.regionMatches(true, 0, "mem:", 0, 4) || uri.length() == 4) {
            throw new MlopsConfigurationException("'" + uri + "' is not a mem: URI with a store name;"
                    + " use for example mem:orders-test");
        }
        return InMemoryModelStore.open(uri, uri.substring(4));
    }
}
