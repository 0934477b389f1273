package dev.mlops.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.data.CsvTables;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What drift checks compare against: per feature, the reference distribution, fitted once from
 * training data. Immutable and serializable to JSON (store the bytes with a model version in the
 * registry, for example as an artifact or evidence), so that checks never refit.
 *
 * <pre>{@code
 * ReferenceProfile profile = ReferenceProfile.fit(CsvTables.read(trainCsv, Set.of()));
 * profile.write(profileFile);
 * ReferenceProfile again = ReferenceProfile.read(profileFile);
 * }</pre>
 */
public final class ReferenceProfile {

    /** Format name written to and required in JSON documents. */
    public static final String FORMAT = "mlops-drift-profile";
    /** Format version written to and accepted in JSON documents. */
    public static final int VERSION = 1;
    /** The evidence kind of a profile stored with a model version (the trainer stores one): {@value}. */
    public static final String EVIDENCE_KIND = "drift-reference-profile";

    private final Map<String, FeatureProfile> features;

    private ReferenceProfile(Map<String, FeatureProfile> features) {
        this.features = features;
    }

    /** Fits a profile to every column of a table. */
    public static ReferenceProfile fit(DataTable reference) {
        List<FeatureProfile> list = new ArrayList<>();
        for (String name : reference.columnNames()) {
            if (reference.type(name).orElseThrow() == FeatureType.NUMERIC) {
                list.add(NumericProfile.of(name, reference.numeric(name).orElseThrow()));
            } else {
                list.add(CategoricalProfile.of(name, reference.categorical(name).orElseThrow().toArray(String[]::new)));
            }
        }
        return of(list);
    }

    /**
     * A profile of the given features, in order.
     *
     * @throws IllegalArgumentException if two features share a name
     */
    public static ReferenceProfile of(List<? extends FeatureProfile> features) {
        Map<String, FeatureProfile> map = new LinkedHashMap<>();
        for (FeatureProfile feature : features) {
            if (map.put(feature.name(), feature) != null) {
                throw new IllegalArgumentException("duplicate feature '" + feature.name() + "'");
            }
        }
        return new ReferenceProfile(java.util.Collections.unmodifiableMap(map));
    }

    /**
     * The profile stored with a version (the newest {@value #EVIDENCE_KIND} evidence), if any.
     *
     * @throws DriftException when the stored document is not a profile
     */
    public static Optional<ReferenceProfile> stored(ModelRegistry registry, ModelVersion version) {
        return registry.evidence(version.name(), version.version()).stream()
                .filter(e -> e.kind().equals(EVIDENCE_KIND))
                .reduce((first, second) -> second)
                .map(e -> fromJson(e.document()));
    }

    /** The features in order. */
    public List<FeatureProfile> features() {
        return List.copyOf(features.values());
    }

    /** The feature with this name. */
    public Optional<FeatureProfile> feature(String name) {
        return Optional.ofNullable(features.get(name));
    }

    /** The profile of only the named features, in the given order. */
    public ReferenceProfile select(List<String> names) {
        List<FeatureProfile> list = new ArrayList<>();
        for (String name : names) {
            list.add(feature(name).orElseThrow(() -> new IllegalArgumentException(
                "no feature '" + name + "'; features are " + features.keySet())));
        }
        return of(list);
    }

    /**
     * The JSON document: {@code {"format","version","features":[{"name","type","count",
     * "missing","edges":[...],"proportions":[...],"values":[...]} | {"name","type","count",
     * "missing","frequencies":{...}}]}}. Numeric values are the sorted non-missing reference
     * values; edges and bin proportions are written for readers but derived from the values on
     * load, so they cannot disagree.
     */
    public String toJson() {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ArrayNode array = root.putArray("features");
        for (FeatureProfile feature : features.values()) {
            ObjectNode node = array.addObject();
            node.put("name", feature.name());
            node.put("type", feature.type().jsonName());
            node.put("count", feature.count());
            node.put("missing", feature.missing());
            if (feature instanceof NumericProfile numeric) {
                // edges and proportions are for readers of the document; loading derives them
                ArrayNode edges = node.putArray("edges");
                for (double e : numeric.edgesView()) {
                    edges.add(e);
                }
                ArrayNode proportions = node.putArray("proportions");
                for (double p : numeric.binProportions()) {
                    proportions.add(p);
                }
                ArrayNode values = node.putArray("values");
                for (double v : numeric.sortedView()) {
                    values.add(v);
                }
            } else if (feature instanceof CategoricalProfile categorical) {
                ObjectNode frequencies = node.putObject("frequencies");
                categorical.frequencies().forEach(frequencies::put);
            }
        }
        return Json.write(root);
    }

    /**
     * Reads a document written by {@link #toJson()}.
     *
     * @throws DriftException if the text is not such a document
     */
    public static ReferenceProfile fromJson(String json) {
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (IllegalArgumentException e) {
            throw new DriftException("not a profile JSON document: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new DriftException("not a " + FORMAT + " version " + VERSION + " document");
        }
        List<FeatureProfile> list = new ArrayList<>();
        try {
            for (JsonNode node : root.path("features")) {
                String name = node.path("name").asText();
                long count = node.path("count").asLong();
                String type = node.path("type").asText();
                if (FeatureType.NUMERIC.jsonName().equals(type)) {
                    JsonNode values = node.path("values");
                    double[] sorted = new double[values.size()];
                    for (int i = 0; i < sorted.length; i++) {
                        sorted[i] = values.get(i).asDouble();
                    }
                    list.add(NumericProfile.restore(name, count, sorted));
                } else if (FeatureType.CATEGORICAL.jsonName().equals(type)) {
                    Map<String, Long> frequencies = new LinkedHashMap<>();
                    node.path("frequencies").fields().forEachRemaining(e -> frequencies.put(e.getKey(), e.getValue().asLong()));
                    list.add(CategoricalProfile.restore(name, count, node.path("missing").asLong(), frequencies));
                } else {
                    throw new DriftException("feature '" + name + "' has unknown type '" + type + "'");
                }
            }
            return of(list);
        } catch (IllegalArgumentException e) {
            throw new DriftException("invalid profile: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@link #toJson()} to a file.
     *
     * @throws DriftException on an I/O error
     */
    public void write(Path file) {
        try {
            Files.write(file, toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DriftException("cannot write profile to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a profile file written by {@link #write(Path)}.
     *
     * @throws DriftException on an I/O error or a malformed document
     */
    public static ReferenceProfile read(Path file) {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DriftException("cannot read profile " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReferenceProfile other && features.equals(other.features);
    }

    @Override
    public int hashCode() {
        return features.hashCode();
    }

    @Override
    public String toString() {
        return "ReferenceProfile" + features.values();
    }
}
