package dev.mlops.registry.jdbc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a class of the test class path in a new JVM. */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * A process builder for {@code java [jvmOptions] mainClass [args]}: arguments starting with
     * {@code -X} or {@code -D} before the first other argument are JVM options.
     */
    static ProcessBuilder builder(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        int i = 0;
        while (i < args.length && (args[i].startsWith("-X") || args[i].startsWith("-D"))) {
            command.add(args[i++]);
        }
        command.add(mainClass.getName());
        for (; i < args.length; i++) {
            command.add(args[i]);
        }
        return new ProcessBuilder(command);
    }
}
