package dev.mlops.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.spi.StoredArtifact;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 256 MiB artifact goes in and comes out of a JVM limited to a 64 MiB heap: the store streams in
 * chunks both ways and never holds the artifact in memory.
 */
@DisplayName("a 256 MiB artifact is stored and read with a 64 MiB heap")
class LargeArtifactTest {

    private static final long SIZE = 256L * 1024 * 1024;

    @TempDir
    Path temp;

    @AfterAll
    static void dropDatabases() throws Exception {
        TestDatabases.dropCreated();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void largeArtifact(String database) throws Exception {
        String url;
        if (database.equals("h2")) {
            url = "jdbc:h2:file:" + temp.resolve("registry").toAbsolutePath();
        } else {
            TestDatabases.require(TestDatabases.POSTGRES);
            url = TestDatabases.freshPostgres();
        }
        Path err = temp.resolve("worker.err");
        Process worker = ChildJvm.builder(LargeArtifactWorker.class, "-Xmx64m", url,
                Long.toString(SIZE)).redirectError(err.toFile()).start();
        String output = new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(worker.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).as("worker exit; stderr: %s", Files.readString(err)).isZero();
        Map<String, String> result = new HashMap<>();
        output.lines().map(l -> l.split(" ", 2)).filter(p -> p.length == 2)
                .forEach(p -> result.put(p[0], p[1]));
        assertThat(Long.parseLong(result.get("maxHeap"))).isLessThan(SIZE / 3);
        assertThat(result).containsEntry("size", Long.toString(SIZE)).containsEntry("intact", "true")
                .containsEntry("sha256", expectedDigest());
    }

    private static String expectedDigest() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = new LargeArtifactWorker.GeneratedStream(SIZE)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return StoredArtifact.hex(sha.digest());
    }
}
