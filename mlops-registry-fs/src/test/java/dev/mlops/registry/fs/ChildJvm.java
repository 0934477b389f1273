package dev.mlops.registry.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a {@code main} class of the tests in a JVM of its own, as another process would run. */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Starts {@code main} with the test class path and a heap limit; its standard error goes to
     * {@code errors}, standard output is the process's input stream.
     */
    static Process start(Class<?> main, String maxHeap, Path errors, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(errors.toFile()).start();
    }

    /** What a child wrote to standard error, for failure messages. */
    static String errors(Path errors) {
        try {
            return Files.readString(errors);
        } catch (IOException e) {
            return "(no error output: " + e + ")";
        }
    }
}
