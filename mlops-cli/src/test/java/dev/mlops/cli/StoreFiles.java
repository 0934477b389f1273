package dev.mlops.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the filesystem store keeps things, as documented in {@code FileModelStore}: what a person
 * with a shell would tamper with.
 */
final class StoreFiles {

    private StoreFiles() {
    }

    /** The stored bytes of an artifact: {@code blobs/sha256/<2 hex>/<64 hex>}. */
    static Path blob(Path store, String sha256) {
        return store.resolve("blobs").resolve("sha256").resolve(sha256.substring(0, 2))
                .resolve(sha256);
    }

    /** Flips the lowest bit of the byte in the middle of a file. */
    static void flipOneByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
    }

    /**
     * Replaces {@code text} in the one log file (under {@code models/<dir>/log/}) that contains
     * it, as someone editing an audit record by hand would.
     */
    static Path editLog(Path store, String text, String replacement) throws IOException {
        List<Path> matching;
        try (Stream<Path> files = Files.walk(store.resolve("models"))) {
            matching = files.filter(f -> f.getParent().getFileName().toString().equals("log"))
                    .filter(f -> read(f).contains(text))
                    .toList();
        }
        if (matching.size() != 1) {
            throw new AssertionError("expected one log file containing '" + text + "', found "
                    + matching);
        }
        Path file = matching.get(0);
        Files.writeString(file, read(file).replace(text, replacement), StandardCharsets.UTF_8);
        return file;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
