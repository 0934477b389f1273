package dev.mlops.registry.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.Stage;
import dev.mlops.tck.ModelStoreTck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;

/** The filesystem store against the compatibility kit. */
@DisplayName("filesystem store passes the TCK")
class FileModelStoreTckTest extends ModelStoreTck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private int stores;

    @Override
    protected String newStoreUri() {
        return "file:" + temp.resolve("store-" + (++stores));
    }

    private static Path root(String uri) {
        return Path.of(uri.substring("file:".length()));
    }

    @Override
    protected void corruptArtifact(String storeUri, String sha256) throws IOException {
        Path blob = root(storeUri).resolve("blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(blob, bytes);
    }

    /** The model's log files, oldest first (the anchored head is not one of them). */
    private static List<Path> logFiles(String storeUri, String model) throws IOException {
        Path log = root(storeUri).resolve("models").resolve(ModelDirNames.encode(model)).resolve("log");
        try (Stream<Path> list = Files.list(log)) {
            return list.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).sorted()
                    .toList();
        }
    }

    @Override
    protected void removeNewestAuditEntry(String storeUri, String model) throws IOException {
        List<Path> files = logFiles(storeUri, model);
        Files.delete(files.get(files.size() - 1));
    }

    @Override
    protected void removeFirstAuditEntry(String storeUri, String model) throws IOException {
        Files.delete(logFiles(storeUri, model).get(0));
    }

    @Override
    protected void editServedStage(String storeUri, String model, int version, Stage stage)
            throws IOException {
        editNewestRecordOf(storeUri, model, version,
                fields -> fields.put("stage", stage.name().toLowerCase(Locale.ROOT)));
    }

    @Override
    protected void editServedMetric(String storeUri, String model, int version, String metric,
            double value) throws IOException {
        editNewestRecordOf(storeUri, model, version,
                fields -> ((ObjectNode) fields.get("metrics")).put(metric, value));
    }

    /**
     * Edits, in place, the newest log record that sets a version's fields (its registration or an
     * update), which is what the store serves.
     */
    private static void editNewestRecordOf(String storeUri, String model, int version,
            Consumer<ObjectNode> edit) throws IOException {
        List<Path> files = logFiles(storeUri, model);
        for (int i = files.size() - 1; i >= 0; i--) {
            JsonNode tx = JSON.readTree(files.get(i).toFile());
            List<JsonNode> records = new ArrayList<>();
            tx.get("records").forEach(records::add);
            for (int r = records.size() - 1; r >= 0; r--) {
                JsonNode record = records.get(r);
                JsonNode v = record.get("version");
                ObjectNode fields = null;
                if (record.get("type").asText().equals("insertVersion") && v.get("version").asInt() == version) {
                    fields = (ObjectNode) v;
                } else if (record.get("type").asText().equals("updateVersion") && v.asInt() == version) {
                    fields = (ObjectNode) record;
                }
                if (fields != null) {
                    edit.accept(fields);
                    JSON.writeValue(files.get(i).toFile(), tx);
                    return;
                }
            }
        }
        throw new IllegalStateException("no record of " + model + ":" + version);
    }

    @Override
    protected void editAuditReason(String storeUri, String model, long seq, String reason)
            throws IOException {
        for (Path file : logFiles(storeUri, model)) {
            JsonNode tx = JSON.readTree(file.toFile());
            for (JsonNode record : tx.get("records")) {
                JsonNode event = record.get("event");
                if (event != null && event.get("seq").asLong() == seq) {
                    ((ObjectNode) event).put("reason", reason);
                    JSON.writeValue(file.toFile(), tx);
                    return;
                }
            }
        }
        throw new IllegalStateException("no audit entry #" + seq + " of " + model);
    }
}
