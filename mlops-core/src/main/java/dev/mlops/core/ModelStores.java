package dev.mlops.core;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.ModelStoreProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link ModelStore}s by URI through the {@link ModelStoreProvider}s on the class path.
 * Resolution is loud: no provider for the scheme, or more than one, is a configuration error that
 * says which artifact to add or remove. A provider that fails to load does not hide the others.
 */
public final class ModelStores {

    private static final Logger log = LoggerFactory.getLogger(ModelStores.class);

    /** The artifact that provides each scheme shipped with the project, and where it belongs. */
    private static final Map<String, String> KNOWN_ARTIFACTS = Map.of(
            "file", "dev.mlops:mlops-registry-fs to the class path",
            "jdbc", "dev.mlops:mlops-registry-jdbc to the class path",
            "mem", "dev.mlops:mlops-tck to the test class path (the in-memory store is for tests)");

    private ModelStores() {
    }

    /**
     * Opens the store at {@code uri}, such as {@code file:/var/models} or
     * {@code jdbc:postgresql://db/models}.
     *
     * @param options backend options passed to the provider
     * @throws MlopsConfigurationException when the URI has no scheme, or no single provider serves it
     */
    public static ModelStore open(String uri, Map<String, String> options) {
        return provider(uri).open(uri, Map.copyOf(options));
    }

    /** The one provider that serves the scheme of {@code uri}. */
    static ModelStoreProvider provider(String uri) {
        String scheme = scheme(uri);
        List<ModelStoreProvider> all = providers();
        List<ModelStoreProvider> matching = all.stream()
                .filter(p -> p.scheme().equalsIgnoreCase(scheme))
                .toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.isEmpty()) {
            String toAdd = KNOWN_ARTIFACTS.get(scheme);
            throw new MlopsConfigurationException("no model store provider for '" + scheme
                    + ":' URIs such as '" + redact(uri) + "'. "
                    + (toAdd != null ? "Add " + toAdd + ". "
                            : "Known schemes: file (mlops-registry-fs), jdbc (mlops-registry-jdbc),"
                                    + " mem (mlops-tck, for tests). ")
                    + "Providers found: " + describe(all));
        }
        throw new MlopsConfigurationException("more than one model store provider for '" + scheme
                + ":' URIs: " + describe(matching) + "; keep only one on the class path");
    }

    static List<ModelStoreProvider> providers() {
        List<ModelStoreProvider> found = new ArrayList<>();
        Iterator<ModelStoreProvider> it = ServiceLoader.load(ModelStoreProvider.class,
                ModelStores.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                log.warn("Skipping a model store provider that failed to load: {}", e.getMessage());
                log.debug("Provider failure", e);
            }
        }
    }

    private static String scheme(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new MlopsConfigurationException("store URI must not be empty; use for example"
                    + " file:./mlops-store or jdbc:h2:./mlops");
        }
        int colon = uri.indexOf(':');
        String scheme = colon > 0 ? uri.substring(0, colon) : "";
        if (!scheme.matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new MlopsConfigurationException("store URI '" + redact(uri)
                    + "' has no scheme; use for example file:" + uri);
        }
        return scheme.toLowerCase(Locale.ROOT);
    }

    private static String describe(List<ModelStoreProvider> providers) {
        return providers.isEmpty() ? "none" : providers.stream()
                .map(p -> p.scheme() + " (" + p.description() + ", " + p.getClass().getName() + ")")
                .collect(Collectors.joining(", "));
    }

    /** Hides passwords in URIs shown in messages. */
    public static String redact(String uri) {
        return uri.replaceAll("(?i)(password=)[^&;\\s'\"]*", "$1***")
                .replaceAll("(//[^/@:]+:)[^/@]*@", "$1***@");
    }
}
