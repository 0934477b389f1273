package dev.mlops.model;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Loads registered classifiers whatever their format: {@code mlops-model} (mlops-training),
 * {@code mlops-online-model} (mlops-online), and any other {@link ClassifierFormat} on the class
 * path.
 *
 * <pre>{@code
 * Classifier model = Classifiers.load(registry, "churn@production");
 * try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), experiment).build()) { ... }
 * }</pre>
 */
public final class Classifiers {

    private Classifiers() {
    }

    /**
     * The format that reads every classifier format found on the class path, choosing by the format
     * each version was registered with.
     *
     * @throws MlopsConfigurationException if two formats on the class path have the same name
     */
    public static ModelFormat<Classifier> format() {
        return AnyClassifier.INSTANCE;
    }

    /**
     * Loads a registered classifier through the registry's verified, cached loading.
     *
     * @throws dev.mlops.registry.ModelNotFoundException when the reference points nowhere
     * @throws IllegalArgumentException when the version's format is not a classifier format on the class path
     */
    public static Classifier load(ModelRegistry registry, String ref) {
        return registry.load(ref, format());
    }

    /** The classifier formats by name, found once. */
    private static final class AnyClassifier implements ModelFormat<Classifier> {

        static final AnyClassifier INSTANCE = new AnyClassifier(discover());

        private final Map<String, ClassifierFormat<?>> formats;

        private AnyClassifier(Map<String, ClassifierFormat<?>> formats) {
            this.formats = formats;
        }

        private static Map<String, ClassifierFormat<?>> discover() {
            Map<String, ClassifierFormat<?>> found = new TreeMap<>();
            for (ClassifierFormat<?> format : ServiceLoader.load(ClassifierFormat.class, Classifiers.class.getClassLoader())) {
                ClassifierFormat<?> other = found.putIfAbsent(format.name(), format);
                if (other != null && !other.getClass().equals(format.getClass())) {
                    throw new MlopsConfigurationException("two classifier formats are named '" + format.name() + "': "
                            + other.getClass().getName() + " and " + format.getClass().getName());
                }
            }
            return Map.copyOf(found);
        }

        /** {@code classifier [mlops-model, mlops-online-model]}: the formats it reads, for messages. */
        @Override
        public String name() {
            return "classifier " + new TreeMap<>(formats).keySet();
        }

        @Override
        public boolean reads(String format) {
            return formats.containsKey(format);
        }

        @Override
        public Classifier read(byte[] verifiedBytes) {
            throw new IllegalArgumentException("a version without a format name cannot be read as a classifier; "
                    + "register it with one of " + new TreeMap<>(formats).keySet());
        }

        @Override
        public Classifier read(String format, byte[] verifiedBytes) {
            ClassifierFormat<?> reader = formats.get(format);
            if (reader == null) {
                return read(verifiedBytes);
            }
            return reader.read(verifiedBytes);
        }
    }
}
