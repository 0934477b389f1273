package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Processes killed with SIGKILL in the middle of registering")
class CrashSafetyIT {

    private static final int ARTIFACT_BYTES = 48 << 20;
    private static final int ROUNDS = 4;
    private static final int PER_ROUND = 3;

    @TempDir
    Path dir;

    @Test
    @DisplayName("leave a store with no gap, no torn version, and every listed version verifying")
    void killedMidRegistration() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String context = "seed " + seed;
        MlopsProcess mlops = new MlopsProcess(dir);
        List<Path> artifacts = new ArrayList<>();
        Set<String> digests = new HashSet<>();
        for (int i = 0; i < PER_ROUND; i++) {
            Path artifact = dir.resolve("large-" + i + ".bin");
            digests.add(writeRandom(artifact, random));
            artifacts.add(artifact);
        }

        int killedWhileRunning = 0;
        int finished = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<Process> processes = new ArrayList<>();
            for (Path artifact : artifacts) {
                processes.add(mlops.start("models", "register", "big", "--artifact",
                        artifact.toString()));
            }
            for (Process process : processes) {
                // three registrations of 48 MiB at once take about two seconds here: the kills
                // land before, during and after the writes
                Thread.sleep(random.nextInt(200, 1400));
                if (process.isAlive()) {
                    process.destroyForcibly();
                    killedWhileRunning++;
                }
            }
            for (Process process : processes) {
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(context).isTrue();
                finished += process.exitValue() == 0 ? 1 : 0;
            }
        }
        assertThat(killedWhileRunning).as(context + ": processes killed while running").isPositive();

        JsonNode versions = mlops.run("models", "list", "big", "--format", "json").expect(0).json();
        int count = versions.size();
        System.out.printf("CrashSafetyIT (%s): %d registrations started, %d killed while running,"
                + " %d finished, %d versions listed, %d interrupted writes left in tmp/%n", context,
                ROUNDS * PER_ROUND, killedWhileRunning, finished, count, leftovers());
        assertThat(count).as(context).isGreaterThanOrEqualTo(finished);
        for (int i = 0; i < count; i++) {
            JsonNode v = versions.get(i);
            assertThat(v.get("version").asInt()).as(context + ": no gap").isEqualTo(i + 1);
            assertThat(v.get("sha256").asText()).as(context + ": no torn version").isIn(digests);
            assertThat(v.get("sizeBytes").asLong()).as(context).isEqualTo(ARTIFACT_BYTES);
        }
        for (MlopsProcess.Result verify : MlopsProcess.parallel(count,
                i -> mlops.run("models", "verify", "big:" + (i + 1)))) {
            verify.expect(0);
        }
        // the locks of the killed processes are gone: the next registration takes the next number
        JsonNode next = mlops.run("models", "register", "big", "--artifact",
                artifacts.get(0).toString(), "--format", "json").expect(0).json();
        assertThat(next.get("version").asInt()).as(context).isEqualTo(count + 1);
        mlops.run("audit", "verify").expect(0);
    }

    private long leftovers() throws IOException {
        Path tmp = dir.resolve("mlops-store").resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.count();
        }
    }

    private static String writeRandom(Path file, Random random) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < ARTIFACT_BYTES; written += chunk.length) {
                random.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot write " + file, e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
