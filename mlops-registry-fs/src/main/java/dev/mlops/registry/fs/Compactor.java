package dev.mlops.registry.fs;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import dev.mlops.registry.StorageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a model's checkpoint: the version chunks that changed since the previous checkpoint (each
 * to a new file), the audit entries appended since (filling the last audit chunk, in a new file),
 * then the head, which alone makes the checkpoint current; then removes the log files and chunk
 * files the new head made unneeded. Runs under the model's write lock. A process killed at any
 * point leaves the previous head, whose files are all still there, or the new one, whose files were
 * made durable before it was renamed into place; files left over are removed by the next checkpoint.
 */
final class Compactor {

    private static final Logger log = LoggerFactory.getLogger(Compactor.class);
    private static final Pattern LOG_FILE = Pattern.compile("(\\d{20})\\.json");

    private Compactor() {
    }

    /**
     * Writes the checkpoint of {@code state} and returns it; its chunks are the ones of the previous
     * checkpoint that did not change and the new ones, already in memory.
     */
    static Checkpoint write(String name, Path dir, ModelState state, FileModelStore.Settings settings,
            DurableFiles files) {
        Checkpoint previous = state.checkpoint();
        boolean first = previous.head().model().isEmpty();
        int perChunk = first ? settings.versionsPerChunk() : previous.head().versionsPerChunk();
        int auditPerChunk = first ? settings.auditPerChunk() : previous.head().auditPerChunk();
        long seq = state.seq();
        Path segments = dir.resolve(FileModelStore.SEGMENTS);
        files.createDirectory(segments);

        List<DurableFiles.Rename> renames = new ArrayList<>();
        List<Snapshot.ChunkRef> versionRefs = new ArrayList<>();
        List<Checkpoint.Lazy<Snapshot.VersionChunk>> versionChunks = new ArrayList<>();
        List<Snapshot.ChunkRef> auditRefs = new ArrayList<>();
        List<Checkpoint.Lazy<Snapshot.AuditChunk>> auditChunks = new ArrayList<>();
        try {
            // version chunks: rewrite those with a change, keep the others
            Set<Integer> touched = new HashSet<>();
            state.changed().keySet().forEach(v -> touched.add((v - 1) / perChunk));
            state.removed().forEach(v -> touched.add((v - 1) / perChunk));
            Map<Integer, Integer> oldPosition = new HashMap<>();
            List<Snapshot.ChunkRef> oldRefs = previous.head().versionChunks();
            for (int i = 0; i < oldRefs.size(); i++) {
                oldPosition.put(oldRefs.get(i).index(), i);
            }
            TreeSet<Integer> indices = new TreeSet<>(touched);
            indices.addAll(oldPosition.keySet());
            for (int index : indices) {
                Integer position = oldPosition.get(index);
                if (!touched.contains(index)) {
                    versionRefs.add(oldRefs.get(position));
                    versionChunks.add(previous.versionChunks().get(position));
                    continue;
                }
                TreeMap<Integer, Snapshot.Entry> entries = new TreeMap<>();
                for (Snapshot.Entry e : previous.chunkEntries(index)) {
                    entries.put(e.version().version(), e);
                }
                state.removed().forEach(entries::remove);
                state.changed().forEach((v, e) -> {
                    if ((v - 1) / perChunk == index) {
                        entries.put(v, e);
                    }
                });
                if (entries.isEmpty()) {
                    continue;
                }
                String file = "v" + index + "-" + seq + ".json";
                Snapshot.VersionChunk chunk = new Snapshot.VersionChunk(Snapshot.FORMAT, name, index,
                        List.copyOf(entries.values()));
                renames.add(temp(files, segments.resolve(file), chunk));
                versionRefs.add(new Snapshot.ChunkRef(index, file, entries.firstKey(), entries.lastKey(),
                        entries.size(), List.of()));
                versionChunks.add(new Checkpoint.Lazy<>(segments.resolve(file), Snapshot.VersionChunk.class, chunk));
            }

            // audit chunks: full ones never change; the last one is filled up in a new file
            List<Snapshot.ChunkRef> oldAudit = previous.head().auditChunks();
            auditRefs.addAll(oldAudit);
            auditChunks.addAll(previous.auditChunks());
            List<AuditEvent> pending = new ArrayList<>();
            if (!state.appendedAudit().isEmpty()) {
                if (!oldAudit.isEmpty() && oldAudit.get(oldAudit.size() - 1).count() < auditPerChunk) {
                    pending.addAll(auditChunks.get(auditChunks.size() - 1).get().events());
                    auditRefs.remove(auditRefs.size() - 1);
                    auditChunks.remove(auditChunks.size() - 1);
                }
                pending.addAll(state.appendedAudit());
            }
            int index = auditRefs.isEmpty() ? 0 : auditRefs.get(auditRefs.size() - 1).index() + 1;
            for (int from = 0; from < pending.size(); from += auditPerChunk, index++) {
                List<AuditEvent> events = List.copyOf(pending.subList(from, Math.min(pending.size(), from + auditPerChunk)));
                String file = "a" + index + "-" + seq + ".json";
                Snapshot.AuditChunk chunk = new Snapshot.AuditChunk(Snapshot.FORMAT, name, index, events);
                renames.add(temp(files, segments.resolve(file), chunk));
                auditRefs.add(new Snapshot.ChunkRef(index, file, events.get(0).seq(),
                        events.get(events.size() - 1).seq(), events.size(),
                        List.copyOf(new TreeSet<>(events.stream().map(e -> e.action().name()).toList()))));
                auditChunks.add(new Checkpoint.Lazy<>(segments.resolve(file), Snapshot.AuditChunk.class, chunk));
            }
        } catch (RuntimeException e) {
            renames.forEach(r -> files.deleteQuietly(r.temp()));
            throw e;
        }
        // the chunks are durable before the head that names them is renamed into place
        files.publishAll(renames);

        Map<Integer, ModelVersion> pinned = new TreeMap<>();
        for (Stage stage : Checkpoint.PINNED_STAGES) {
            state.versionsInStage(stage).forEach(v -> pinned.put(v.version(), v.withAliases(List.of())));
        }
        for (int v : state.aliases().values()) {
            state.version(v).ifPresent(found -> pinned.put(v, found.withAliases(List.of())));
        }
        state.latest().ifPresent(v -> pinned.put(v.version(), v.withAliases(List.of())));
        Snapshot.Head head = new Snapshot.Head(Snapshot.FORMAT, name, seq, state.highestAllocated(),
                state.count(), perChunk, new LinkedHashMap<>(state.aliases()), state.jobs(),
                List.copyOf(pinned.values()), versionRefs, auditRefs, auditPerChunk,
                state.lastAudit().map(List::of).orElse(List.of()));
        byte[] json;
        try {
            json = Json.write(head);
        } catch (IOException e) {
            throw new StorageException("could not encode the checkpoint of model '" + name + "': " + e, e);
        }
        files.write(dir.resolve(FileModelStore.CHECKPOINT), json);
        log.debug("Model '{}': checkpoint at log file {} ({} versions, {} chunk files written)", name, seq,
                state.count(), renames.size());
        Checkpoint written = new Checkpoint(head, dir, versionChunks, auditChunks);
        removeUnneeded(dir, seq, written);
        return written;
    }

    private static DurableFiles.Rename temp(DurableFiles files, Path target, Object chunk) {
        byte[] json;
        try {
            json = Json.write(chunk);
        } catch (IOException e) {
            throw new StorageException("could not encode " + target + ": " + e, e);
        }
        return new DurableFiles.Rename(files.writeTemp("chunk", c -> DurableFiles.writeFully(c, json)), target);
    }

    /**
     * Removes the log files up to the checkpoint and the chunk files it does not name. A process
     * still reading an older checkpoint finds its files gone and reads the new one instead.
     */
    static void removeUnneeded(Path dir, long seq, Checkpoint current) {
        int removed = 0;
        Path logDir = dir.resolve("log");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(logDir, "*.json")) {
            for (Path entry : entries) {
                Matcher m = LOG_FILE.matcher(entry.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) <= seq) {
                    Files.deleteIfExists(entry);
                    removed++;
                }
            }
        } catch (NoSuchFileException e) {
            // no log
        } catch (IOException e) {
            log.warn("Could not remove the log files of {} up to its checkpoint {}: {}", dir, seq, e.toString());
        }
        Set<Path> named = current.chunksByFile().keySet();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.resolve(FileModelStore.SEGMENTS))) {
            for (Path entry : entries) {
                if (!named.contains(entry)) {
                    Files.deleteIfExists(entry);
                    removed++;
                }
            }
        } catch (NoSuchFileException e) {
            // no chunks
        } catch (IOException e) {
            log.warn("Could not remove the chunk files {} no longer names: {}", dir, e.toString());
        }
        log.debug("Removed {} files of {} made unneeded by checkpoint {}", removed, dir, seq);
    }
}
