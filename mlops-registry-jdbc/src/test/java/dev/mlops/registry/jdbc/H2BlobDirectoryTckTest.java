package dev.mlops.registry.jdbc;

import dev.mlops.tck.StoreCapability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC store with artifacts in a blob directory passes the TCK")
class H2BlobDirectoryTckTest extends JdbcTck {

    private Path blobs() {
        return temp.resolve("blobs");
    }

    @Override
    protected String newStoreUri() {
        return TestDatabases.freshH2Memory();
    }

    @Override
    protected Set<StoreCapability> capabilities() {
        // an in-memory database lives in this JVM only; bytes in a shared blob directory are not
        // removed yet
        return EnumSet.complementOf(EnumSet.of(StoreCapability.SHARED_BETWEEN_PROCESSES,
                StoreCapability.ARTIFACT_REMOVAL));
    }

    @Override
    protected Map<String, String> storeOptions() {
        return Map.of("blobs", blobs().toString());
    }

    @Override
    protected void corruptArtifact(String storeUri, String sha256) throws Exception {
        Path blob = blobs().resolve(sha256.substring(0, 2)).resolve(sha256);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[0] ^= 0x01;
        Files.write(blob, bytes);
    }
}
