package dev.mlops.registry.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.tck.ModelStoreTck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Override
    protected void editAuditReason(String storeUri, String model, long seq, String reason)
            throws IOException {
        Path log = root(storeUri).resolve("models").resolve(ModelDirNames.encode(model)).resolve("log");
        List<Path> files;
        try (Stream<Path> list = Files.list(log)) {
            files = list.sorted().toList();
        }
        for (Path file : files) {
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
        throw new IllegalStateException("no audit entry #" + seq + " of " + model + " in " + log);
    }
}
