package dev.mlops.registry.fs;

import dev.mlops.registry.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe file writes: every file reaches its final name through a temp file in {@code tmp/}
 * that is forced to disk and then atomically renamed, after which the directory is forced too. A
 * reader, or a process restarted after {@code kill -9} or a power cut, sees the old state or the
 * whole new file, never a part of it. Failures are raised as {@link StorageException} naming the
 * path, and never leave a temp file behind.
 */
final class DurableFiles {

    private static final Logger log = LoggerFactory.getLogger(DurableFiles.class);

    /** Windows cannot open a directory to force it; NTFS orders metadata on its own. */
    private static final boolean WINDOWS = System.getProperty("os.name", "")
            .toLowerCase(Locale.ROOT).startsWith("windows");

    private static final String TEMP_SUFFIX = ".tmp";

    /** Writes the content of a temp file. */
    @FunctionalInterface
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private final Path tmp;

    DurableFiles(Path tmp) {
        this.tmp = tmp;
    }

    /** Writes {@code content} under {@code target}, replacing it atomically if it exists. */
    void write(Path target, byte[] content) {
        publish(writeTemp(target.getFileName().toString(), channel -> writeFully(channel, content)),
                target);
    }

    /**
     * Writes a new, uniquely named temp file and forces it to disk.
     *
     * @param purpose a word for the temp file's name, to tell temp files apart when debugging
     * @return the temp file; pass it to {@link #publish} or {@link #deleteQuietly}
     */
    Path writeTemp(String purpose, Content content) {
        // not Files.createTempFile: its owner-only permissions would follow the file to its final name
        Path temp = tmp.resolve(purpose + "-" + UUID.randomUUID() + TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            content.writeTo(channel);
            channel.force(true);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StorageException("could not write temp file " + temp + ": " + e, e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp);
            throw e;
        }
        return temp;
    }

    /** A temp file made by {@link #writeTemp} and the name it is to have. */
    record Rename(Path temp, Path target) {
    }

    /**
     * Renames a temp file made by {@link #writeTemp} to its final name atomically (replacing a file
     * there) and forces the directory, so that the new name survives a power cut.
     */
    void publish(Path temp, Path target) {
        publishAll(List.of(new Rename(temp, target)));
    }

    /**
     * Renames temp files to their final names atomically, in order, then forces each of their
     * directories once. When a rename fails, the temp files not yet renamed are deleted.
     */
    void publishAll(List<Rename> renames) {
        Set<Path> directories = new LinkedHashSet<>();
        for (int i = 0; i < renames.size(); i++) {
            Rename r = renames.get(i);
            try {
                Files.move(r.temp(), r.target(), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                renames.subList(i, renames.size()).forEach(left -> deleteQuietly(left.temp()));
                throw new StorageException("could not move " + r.temp() + " to " + r.target() + ": "
                        + e, e);
            }
            directories.add(r.target().getParent());
        }
        directories.forEach(this::syncDirectory);
    }

    /** Creates a directory unless it exists, and forces its parent so that the entry is durable. */
    void createDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new StorageException(dir + " exists but is not a directory", e);
            }
            // another thread or process made it; forcing the parent again is cheap and harmless
        } catch (IOException e) {
            throw new StorageException("could not create directory " + dir + ": " + e, e);
        }
        syncDirectory(dir.getParent());
    }

    /** Forces a directory's entries to disk. */
    void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!WINDOWS) {
                throw new StorageException("could not sync directory " + dir + ": " + e, e);
            }
            log.debug("Directory sync is not supported on Windows; skipped for {}: {}", dir, e.toString());
        }
    }

    /** Deletes a file, logging (not raising) a failure: used on paths that are already failing. */
    void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("Could not delete {}: {}", file, e.toString());
        }
    }

    /**
     * Deletes temp files older than {@code maxAge}: left by processes that died while writing.
     * Younger ones may belong to a process that is writing right now.
     */
    void removeStaleTempFiles(Duration maxAge, Instant now) {
        Instant cutoff = now.minus(maxAge);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp, "*" + TEMP_SUFFIX)) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(file);
                        removed++;
                    }
                } catch (NoSuchFileException e) {
                    // its writer published or removed it meanwhile
                } catch (IOException e) {
                    log.debug("Could not remove stale temp file {}: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            throw new StorageException("could not list temp directory " + tmp + ": " + e, e);
        }
        if (removed > 0) {
            log.debug("Removed {} stale temp files from {}", removed, tmp);
        }
    }

    static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
        writeFully(channel, ByteBuffer.wrap(bytes));
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
