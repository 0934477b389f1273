package dev.mlops.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the bytes of an artifact to register come from. The registry opens it once, streams it to
 * storage while hashing, and closes it; artifacts need not fit in memory.
 */
@FunctionalInterface
public interface ArtifactSource {

    /** Opens the bytes; the caller closes the stream. */
    InputStream open() throws IOException;

    /** The bytes of a file, read when the version is registered. */
    static ArtifactSource of(Path file) {
        Objects.requireNonNull(file, "file");
        return () -> Files.newInputStream(file);
    }

    /** Bytes in memory (not copied: do not change the array until registration returns). */
    static ArtifactSource of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return () -> new ByteArrayInputStream(bytes);
    }
}
