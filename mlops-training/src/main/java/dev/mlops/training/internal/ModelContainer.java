package dev.mlops.training.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.mlops.core.Json;
import dev.mlops.data.FeatureType;
import dev.mlops.training.ModelSchema;
import dev.mlops.training.TrainedModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

/**
 * The artifact of a trained model: a ZIP file with exactly two entries, never Java serialization.
 *
 * <ol>
 *   <li>{@value #SCHEMA_ENTRY}: {@code {"format":"mlops-model","version":1,"algorithm","params":{},
 *       "labelColumn","labels":[],"positiveClass":null|"...","standardized",
 *       "columns":[{"name","type":"numeric","fill":x|null} | {"name","type":"categorical","levels":[]}]}}</li>
 *   <li>{@value #MODEL_ENTRY}: the Tribuo model in Tribuo's protobuf format ({@code ModelProto}).</li>
 * </ol>
 *
 * Entries carry a fixed time stamp, so equal contents give equal bytes.
 */
public final class ModelContainer {

    /** The format name in the schema document. */
    public static final String FORMAT = "mlops-model";
    /** The container version written and read. */
    public static final int VERSION = 1;
    static final String SCHEMA_ENTRY = "mlops-model.json";
    static final String MODEL_ENTRY = "tribuo-model.pb";
    /** Larger entries are refused: no real schema or Tribuo model comes near. */
    private static final long MAX_ENTRY_BYTES = 1L << 31;

    private ModelContainer() {
    }

    /** The artifact bytes of a model. */
    public static byte[] write(TrainedModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, SCHEMA_ENTRY, Json.write(schemaJson(model)).getBytes(StandardCharsets.UTF_8));
            entry(zip, MODEL_ENTRY, model.tribuoModel().serialize().toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a model container in memory", e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(315_532_800_000L);  // 1980-01-01, the earliest ZIP time: stable bytes
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    /**
     * Reads a model from artifact bytes.
     *
     * @throws IllegalArgumentException when the bytes are not such a container, naming what is wrong
     * @throws dev.mlops.MlopsConfigurationException when the model is an XGBoost model and XGBoost
     *     support is missing
     */
    public static TrainedModel read(byte[] bytes) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.getName().equals(SCHEMA_ENTRY) && !entry.getName().equals(MODEL_ENTRY)) {
                    throw new IllegalArgumentException("unexpected entry '" + entry.getName() + "' in an " + FORMAT + " artifact");
                }
                if (entries.put(entry.getName(), readLimited(zip, entry.getName())) != null) {
                    throw new IllegalArgumentException("entry '" + entry.getName() + "' appears twice");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not an " + FORMAT + " artifact (a ZIP file): " + e.getMessage(), e);
        }
        if (!entries.containsKey(SCHEMA_ENTRY) || !entries.containsKey(MODEL_ENTRY)) {
            throw new IllegalArgumentException("not an " + FORMAT + " artifact: it needs the entries "
                    + SCHEMA_ENTRY + " and " + MODEL_ENTRY + ", found " + entries.keySet());
        }
        JsonNode root = Json.read(new String(entries.get(SCHEMA_ENTRY), StandardCharsets.UTF_8));
        if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException("not an " + FORMAT + " version " + VERSION + " document: format '"
                    + root.path("format").asText() + "', version " + root.path("version").asText());
        }
        ModelSchema schema = schema(root);
        Map<String, String> params = new LinkedHashMap<>();
        root.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        Model<Label> tribuo = tribuoModel(entries.get(MODEL_ENTRY));
        return TrainedModel.of(schema, tribuo, root.path("algorithm").asText(), params);
    }

    private static byte[] readLimited(InputStream in, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > MAX_ENTRY_BYTES) {
                throw new IllegalArgumentException("entry '" + name + "' is larger than " + MAX_ENTRY_BYTES + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * A Tribuo classification model from protobuf bytes.
     *
     * @throws IllegalArgumentException when the bytes are not one
     */
    private static Model<Label> tribuoModel(byte[] bytes) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a Tribuo protobuf model: " + e.getMessage(), e);
        }
        Model<?> model;
        try {
            model = Model.deserialize(proto);
        } catch (LinkageError | RuntimeException e) {
            boolean xgboost = proto.getClassName().toLowerCase(Locale.ROOT).contains("xgboost");
            if (xgboost) {
                XGBoostSupport.requireAvailable();  // absent classes: say which artifact to add
                if (e instanceof LinkageError) {
                    throw XGBoostSupport.nativeFailure(e);
                }
            }
            throw new IllegalArgumentException("cannot read the Tribuo model (" + proto.getClassName() + "): "
                    + e.getMessage(), e);
        }
        if (!model.validate(Label.class)) {
            throw new IllegalArgumentException("the Tribuo model is not a classifier (it does not predict labels)");
        }
        return model.castModel(Label.class);
    }

    static ObjectNode schemaJson(TrainedModel model) {
        ModelSchema schema = model.schema();
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("algorithm", model.algorithm());
        ObjectNode params = root.putObject("params");
        model.params().forEach(params::put);
        root.put("labelColumn", schema.labelColumn());
        ArrayNode labels = root.putArray("labels");
        schema.labels().forEach(labels::add);
        if (schema.positiveClass().isPresent()) {
            root.put("positiveClass", schema.positiveClass().get());
        } else {
            root.putNull("positiveClass");
        }
        root.put("standardized", schema.standardized());
        ArrayNode columns = root.putArray("columns");
        for (ModelSchema.Column column : schema.columns()) {
            ObjectNode node = columns.addObject();
            node.put("name", column.name());
            node.put("type", column.type().jsonName());
            if (column.type() == FeatureType.NUMERIC) {
                Json.number(node, "fill", column.fill());
                if (column.scaled()) {
                    Json.number(node, "center", column.center());
                    Json.number(node, "scale", column.scale());
                }
            } else {
                ArrayNode levels = node.putArray("levels");
                column.levels().forEach(levels::add);
            }
        }
        return root;
    }

    private static ModelSchema schema(JsonNode root) {
        List<String> labels = new ArrayList<>();
        root.path("labels").forEach(n -> labels.add(n.asText()));
        List<ModelSchema.Column> columns = new ArrayList<>();
        for (JsonNode node : root.path("columns")) {
            String name = node.path("name").asText();
            String type = node.path("type").asText();
            if (FeatureType.NUMERIC.jsonName().equals(type)) {
                columns.add(ModelSchema.Column.numeric(name, Json.number(node, "fill"),
                        Json.number(node, "center"), Json.number(node, "scale")));
            } else if (FeatureType.CATEGORICAL.jsonName().equals(type)) {
                List<String> levels = new ArrayList<>();
                node.path("levels").forEach(n -> levels.add(n.asText()));
                columns.add(ModelSchema.Column.categorical(name, levels));
            } else {
                throw new IllegalArgumentException("column '" + name + "' has unknown type '" + type + "'");
            }
        }
        JsonNode positive = root.path("positiveClass");
        return new ModelSchema(root.path("labelColumn").asText(), labels,
                positive.isTextual() ? Optional.of(positive.asText()) : Optional.empty(),
                columns, root.path("standardized").asBoolean());
    }
}
