package dev.mlops.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large artifacts on H2 in JVMs with small heaps, also through a process that serves the file to the
 * others (AUTO_SERVER): each chunk is committed on its own and read back as plain bytes, so that H2
 * never holds a whole artifact in memory, and a write that runs out of memory anyway leaves what was
 * there before intact.
 */
@DisplayName("large artifacts on H2 with a small heap")
class SmallHeapTest {

    private static final long SIZE = 60L * 1024 * 1024;

    @TempDir
    Path temp;

    private String url() {
        return "jdbc:h2:file:" + temp.resolve("registry").toAbsolutePath();
    }

    /** Registers a generated artifact in a JVM of the given heap; returns its exit code. */
    private int registerInChild(String heap, long size, Path err) throws Exception {
        Process worker = ChildJvm.builder(LargeArtifactWorker.class, "-Xmx" + heap, url(),
                Long.toString(size)).redirectError(err.toFile()).start();
        String output = new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(worker.waitFor(300, TimeUnit.SECONDS)).isTrue();
        if (worker.exitValue() == 0) {
            assertThat(output).contains("intact true");
        }
        return worker.exitValue();
    }

    /** A worker that opens the registry first, so that it serves the file to the others, and waits. */
    private Process host(String heap, Path err) throws Exception {
        Process host = ChildJvm.builder(RegistryWorker.class, "-Xmx" + heap, "register", url(), "host",
                "1", "1").redirectError(err.toFile()).start();
        String first = new BufferedReader(new InputStreamReader(host.getInputStream(),
                StandardCharsets.UTF_8)).readLine();
        assertThat(first).as("host started; stderr: %s", Files.readString(err)).isEqualTo("ready");
        return host;
    }

    @Test
    @DisplayName("a 60 MiB artifact goes in and comes out through a process serving the file with a 32 MiB heap")
    void smallServingProcess() throws Exception {
        Process host = host("32m", temp.resolve("host.err"));
        try {
            Path err = temp.resolve("worker.err");
            assertThat(registerInChild("64m", SIZE, err)).as("stderr: %s", Files.readString(err)).isZero();
            assertThat(host.isAlive()).isTrue();
        } finally {
            host.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (ModelRegistry registry = open()) {
            assertThat(registry.verify("large:1").intact()).isTrue();
        }
    }

    @Test
    @DisplayName("a serving process that runs out of memory during a write keeps earlier versions intact")
    void servingProcessOutOfMemory() throws Exception {
        registerEarlier();
        Process host = host("16m", temp.resolve("host.err"));
        try {
            registerInChild("64m", SIZE, temp.resolve("worker.err"));
        } finally {
            host.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        requireEarlierIntactAndWritable();
    }

    @Test
    @DisplayName("writes that run out of memory leave earlier versions readable and later writes working")
    void outOfMemory() throws Exception {
        registerEarlier();
        int failures = 0;
        for (String heap : new String[] {"8m", "12m", "16m"}) {
            Path err = temp.resolve("worker-" + heap + ".err");
            failures += registerInChild(heap, SIZE, err) == 0 ? 0 : 1;
        }
        requireEarlierIntactAndWritable();
        System.out.printf("SmallHeapTest: %d of 3 writes in 8-16 MiB heaps ran out of memory%n", failures);
    }

    /** Version 1 of {@code large}: three bytes, before any large write. */
    private void registerEarlier() {
        try (ModelRegistry registry = open()) {
            registry.register(RegisterRequest.builder("large", ArtifactSource.of(new byte[] {1, 2, 3}))
                    .build());
        }
    }

    /** Version 1 reads back whole, a new version goes in, every version and the log verify. */
    private void requireEarlierIntactAndWritable() {
        try (ModelRegistry registry = open()) {
            assertThat(registry.readArtifact("large:1")).containsExactly(1, 2, 3);
            registry.register(RegisterRequest.builder("large", ArtifactSource.of(new byte[] {4})).build());
            int latest = registry.get("large").version();
            assertThat(registry.readArtifact("large:" + latest)).containsExactly(4);
            for (int v = 1; v <= latest; v++) {
                assertThat(registry.verify("large:" + v).intact()).as("large:%d", v).isTrue();
            }
            assertThat(registry.verifyAudit().problems()).isEmpty();
        }
    }

    private ModelRegistry open() {
        return ModelRegistries.builder(url()).actor("test").refreshInterval(Duration.ZERO).open();
    }
}
