package dev.mlops.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs the built command, {@code target/mlops.jar}, in child JVMs as a user would: in a working
 * directory of the test's choosing (so the default store is {@code ./mlops-store} there), with
 * the {@code MLOPS_*} variables of the test's environment removed and its own added.
 */
final class MlopsProcess {

    static final Path JAR = Path.of(System.getProperty("mlops.jar", "target/mlops.jar"))
            .toAbsolutePath();
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path workDir;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;

    MlopsProcess(Path workDir) {
        this(workDir, Map.of(), List.of());
    }

    private MlopsProcess(Path workDir, Map<String, String> environment, List<String> jvmOptions) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run './mvnw verify', which packages it"
                    + " before the integration tests");
        }
        this.workDir = workDir;
        this.environment = Map.copyOf(environment);
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** The same, with one more environment variable. */
    MlopsProcess with(String variable, String value) {
        Map<String, String> more = new HashMap<>(environment);
        more.put(variable, value);
        return new MlopsProcess(workDir, more, jvmOptions);
    }

    /** The same, in JVMs with this maximum heap ({@code -Xmx}), such as {@code 64m}. */
    MlopsProcess heap(String maxHeap) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Xmx" + maxHeap);
        return new MlopsProcess(workDir, environment, options);
    }

    /** Runs {@code mlops args...} to the end. */
    Result run(String... args) {
        try {
            Path out = Files.createTempFile("mlops-out", ".txt");
            Path err = Files.createTempFile("mlops-err", ".txt");
            try {
                Process process = builder(args)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("mlops " + String.join(" ", args)
                            + " did not finish in 120 s");
                }
                return new Result(List.of(args), process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts {@code mlops args...} with its output discarded, for a test that kills it. */
    Process start(String... args) {
        try {
            return builder(args)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code count} tasks, each running the command, at once; results in task order. */
    static List<Result> parallel(int count, IntFunction<Result> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.apply(index)));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(),
                // short runs on a small machine: a quick JIT and a small GC start sooner
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("MLOPS_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("_JAVA_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        env.putAll(environment);
        return builder;
    }

    /**
     * How a run ended.
     *
     * @param args the arguments
     * @param exitCode the exit code
     * @param out stdout
     * @param err stderr
     */
    record Result(List<String> args, int exitCode, String out, String err) {

        /** Stdout as exactly one JSON document. */
        JsonNode json() {
            try {
                return STRICT.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout of mlops " + String.join(" ", args)
                        + " is not one JSON document: " + out, e);
            }
        }

        /** Fails unless the run exited with {@code expected}, showing what it printed. */
        Result expect(int expected) {
            if (exitCode != expected) {
                throw new AssertionError("mlops " + String.join(" ", args) + " exited " + exitCode
                        + ", expected " + expected + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }
    }
}
