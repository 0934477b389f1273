package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A model name that tries to leave the store")
class BadNameIT {

    private static final String[] HOSTILE = {"../x", "a/../../x", "/etc/x", "..", "a/b/c"};

    @TempDir
    Path root;

    /** Every file and directory under {@code root}, with its size and modification time. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                files.put(root.relativize(path).toString(), attributes.size() + " "
                        + attributes.lastModifiedTime().toMillis());
            }
        }
        return files;
    }

    @Test
    @DisplayName("is refused with exit 2, naming it; nothing is written inside or outside the store")
    void refused() throws IOException {
        Path work = Files.createDirectories(root.resolve("work"));
        Path artifact = Files.write(root.resolve("model.bin"), new byte[] {1, 2, 3, 4});
        MlopsProcess mlops = new MlopsProcess(work);

        Map<String, String> before = snapshot();
        MlopsProcess.Result first = mlops.run("models", "register", "../x", "--artifact",
                artifact.toString()).expect(2);
        assertThat(first.err()).startsWith("mlops: ").contains("'../x'");
        assertThat(snapshot()).as("not even an empty store appears").isEqualTo(before);

        mlops.run("models", "register", "good", "--artifact", artifact.toString()).expect(0);
        Map<String, String> withStore = snapshot();
        for (String name : HOSTILE) {
            MlopsProcess.Result run = mlops.run("models", "register", name, "--artifact",
                    artifact.toString()).expect(2);
            assertThat(run.err()).as(name).startsWith("mlops: ").contains(name);
            assertThat(snapshot()).as(name).isEqualTo(withStore);
        }
    }
}
