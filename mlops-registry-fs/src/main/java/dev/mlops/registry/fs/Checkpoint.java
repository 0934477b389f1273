package dev.mlops.registry.fs;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import dev.mlops.registry.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A model's checkpoint in memory: its {@link Snapshot.Head}, read whole, and its chunks, each read
 * the first time it is needed and then kept. Immutable apart from that memoisation, so states of
 * many transactions share one checkpoint and what it has loaded.
 */
final class Checkpoint {

    /** The stages whose versions the head holds in full, so that resolving them reads no chunk. */
    static final Set<Stage> PINNED_STAGES = Collections.unmodifiableSet(
            EnumSet.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION));

    /** No checkpoint: the state of a model is its whole log. */
    static final Checkpoint NONE = new Checkpoint(new Snapshot.Head(Snapshot.FORMAT, "", 0, 0, 0, 1,
            Map.of(), List.of(), List.of(), List.of(), List.of(), 1, List.of()), Path.of(""), List.of(), List.of());

    /** A chunk file, read on first use. */
    static final class Lazy<T> {
        private final Path file;
        private final Class<T> type;
        private volatile T value;
        private volatile Object derived;

        Lazy(Path file, Class<T> type) {
            this.file = file;
            this.type = type;
        }

        Lazy(Path file, Class<T> type, T value) {
            this(file, type);
            this.value = value;
        }

        Path file() {
            return file;
        }

        T get() {
            T v = value;
            if (v == null) {
                try {
                    v = Json.read(Files.readAllBytes(file), type);
                } catch (NoSuchFileException e) {
                    throw new StaleCheckpointException(file);
                } catch (IOException e) {
                    throw new StorageException("chunk file " + file + " cannot be read as a "
                            + type.getSimpleName() + ": " + e, e);
                }
                value = v;
            }
            return v;
        }

        /** What {@code derive} makes of the chunk, computed once (chunk files never change). */
        @SuppressWarnings("unchecked")
        <D> D derived(java.util.function.Function<T, D> derive) {
            Object d = derived;
            if (d == null) {
                d = derive.apply(get());
                derived = d;
            }
            return (D) d;
        }
    }

    /**
     * A chunk file of an older checkpoint is gone: a newer checkpoint replaced it. Reading again
     * from the newer checkpoint answers.
     */
    static final class StaleCheckpointException extends StorageException {
        StaleCheckpointException(Path file) {
            super("the chunk file " + file + " was removed by a newer checkpoint");
        }
    }

    private final Snapshot.Head head;
    private final Path dir;
    private final TreeMap<Integer, ModelVersion> pinned = new TreeMap<>();
    private final List<Lazy<Snapshot.VersionChunk>> versionChunks;
    private final List<Lazy<Snapshot.AuditChunk>> auditChunks;
    private final Map<Integer, Integer> versionChunkPosition = new HashMap<>();
    private volatile Map<String, Integer> idempotencyKeys;

    /**
     * @param dir the model's directory
     * @param versionChunks one per {@code head.versionChunks()}, in that order
     * @param auditChunks one per {@code head.auditChunks()}, in that order
     */
    Checkpoint(Snapshot.Head head, Path dir, List<Lazy<Snapshot.VersionChunk>> versionChunks,
            List<Lazy<Snapshot.AuditChunk>> auditChunks) {
        this.head = head;
        this.dir = dir;
        this.versionChunks = List.copyOf(versionChunks);
        this.auditChunks = List.copyOf(auditChunks);
        head.pinned().forEach(v -> pinned.put(v.version(), v));
        for (int i = 0; i < head.versionChunks().size(); i++) {
            versionChunkPosition.put(head.versionChunks().get(i).index(), i);
        }
    }

    /** A checkpoint read from its head; chunks are read when first used, reusing {@code loaded}. */
    static Checkpoint of(Snapshot.Head head, Path dir, Map<Path, Lazy<?>> loaded) {
        Path segments = dir.resolve(FileModelStore.SEGMENTS);
        List<Lazy<Snapshot.VersionChunk>> versions = new ArrayList<>();
        for (Snapshot.ChunkRef ref : head.versionChunks()) {
            versions.add(reuse(loaded, segments.resolve(ref.file()), Snapshot.VersionChunk.class));
        }
        List<Lazy<Snapshot.AuditChunk>> audit = new ArrayList<>();
        for (Snapshot.ChunkRef ref : head.auditChunks()) {
            audit.add(reuse(loaded, segments.resolve(ref.file()), Snapshot.AuditChunk.class));
        }
        return new Checkpoint(head, dir, versions, audit);
    }

    @SuppressWarnings("unchecked")
    private static <T> Lazy<T> reuse(Map<Path, Lazy<?>> loaded, Path file, Class<T> type) {
        Lazy<?> known = loaded.get(file);
        return known != null && known.type == type ? (Lazy<T>) known : new Lazy<>(file, type);
    }

    Snapshot.Head head() {
        return head;
    }

    Path dir() {
        return dir;
    }

    long seq() {
        return head.seq();
    }

    List<Lazy<Snapshot.VersionChunk>> versionChunks() {
        return versionChunks;
    }

    List<Lazy<Snapshot.AuditChunk>> auditChunks() {
        return auditChunks;
    }

    /** Every chunk of this checkpoint by file, for the next checkpoint to reuse. */
    Map<Path, Lazy<?>> chunksByFile() {
        Map<Path, Lazy<?>> all = new HashMap<>();
        versionChunks.forEach(c -> all.put(c.file(), c));
        auditChunks.forEach(c -> all.put(c.file(), c));
        return all;
    }

    /** A version kept in the head, or null. */
    ModelVersion pinned(int version) {
        return pinned.get(version);
    }

    /** The versions kept in the head, by number. */
    Iterable<ModelVersion> pinned() {
        return pinned.values();
    }

    /** Which version chunk holds a version number. */
    int chunkIndex(int version) {
        return (version - 1) / head.versionsPerChunk();
    }

    /** The entry of a version, reading its chunk if needed; null when the checkpoint has none. */
    Snapshot.Entry entry(int version) {
        Integer position = versionChunkPosition.get(chunkIndex(version));
        if (position == null) {
            return null;
        }
        List<Snapshot.Entry> entries = versionChunks.get(position).get().entries();
        int i = Sorted.firstAbove(entries, e -> e.version().version(), version - 1L);
        return i < entries.size() && entries.get(i).version().version() == version ? entries.get(i) : null;
    }

    /** The entries of one version chunk, or none when the checkpoint has no such chunk. */
    List<Snapshot.Entry> chunkEntries(int index) {
        Integer position = versionChunkPosition.get(index);
        return position == null ? List.of() : versionChunks.get(position).get().entries();
    }

    /** Every entry, by version number, reading every chunk. */
    void forEachEntry(Consumer<Snapshot.Entry> action) {
        for (Lazy<Snapshot.VersionChunk> chunk : versionChunks) {
            chunk.get().entries().forEach(action);
        }
    }

    /**
     * The versions of one chunk by tag key and value, sorted: kept with the chunk, so that a new
     * checkpoint rebuilds it only for the chunks it rewrote.
     */
    static Map<String, Map<String, int[]>> tagIndex(Snapshot.VersionChunk chunk) {
        Map<String, Map<String, List<Integer>>> lists = new HashMap<>();
        for (Snapshot.Entry e : chunk.entries()) {
            e.version().tags().forEach((key, value) -> lists.computeIfAbsent(key, k -> new HashMap<>())
                    .computeIfAbsent(value, v -> new ArrayList<>()).add(e.version().version()));
        }
        Map<String, Map<String, int[]>> index = new HashMap<>();
        lists.forEach((key, byValue) -> {
            Map<String, int[]> arrays = new HashMap<>();
            byValue.forEach((value, versions) -> arrays.put(value, versions.stream().mapToInt(Integer::intValue).toArray()));
            index.put(key, arrays);
        });
        return index;
    }

    /**
     * Passes every version of the checkpoint that has all of {@code tags}, in no particular order,
     * looking only at the versions the rarest of them names in each chunk.
     */
    void forEachWithTags(Map<String, String> tags, Consumer<Snapshot.Entry> action) {
        for (Lazy<Snapshot.VersionChunk> chunk : versionChunks) {
            Map<String, Map<String, int[]>> index = chunk.derived(Checkpoint::tagIndex);
            int[] rarest = null;
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                int[] with = index.getOrDefault(tag.getKey(), Map.of()).getOrDefault(tag.getValue(), NO_VERSIONS);
                if (rarest == null || with.length < rarest.length) {
                    rarest = with;
                }
            }
            List<Snapshot.Entry> entries = chunk.get().entries();
            int from = 0;
            for (int version : rarest) {
                // both are sorted by version: walk the entries forward
                while (entries.get(from).version().version() < version) {
                    from++;
                }
                action.accept(entries.get(from));
            }
        }
    }

    private static final int[] NO_VERSIONS = new int[0];

    /** The version registered with an idempotency key; the index is built on first use. */
    Integer versionByIdempotencyKey(String key) {
        Map<String, Integer> keys = idempotencyKeys;
        if (keys == null) {
            Map<String, Integer> built = new HashMap<>();
            forEachEntry(e -> {
                if (!e.idempotencyKey().isEmpty()) {
                    built.put(e.idempotencyKey(), e.version().version());
                }
            });
            keys = built;
            idempotencyKeys = keys;
        }
        return keys.get(key);
    }

    /** The newest audit entry of the checkpoint, or null. */
    AuditEvent lastAudit() {
        return head.lastAudit().isEmpty() ? null : head.lastAudit().get(0);
    }

    /** How many audit entries the checkpoint holds. */
    long auditCount() {
        long count = 0;
        for (Snapshot.ChunkRef ref : head.auditChunks()) {
            count += ref.count();
        }
        return count;
    }

    /**
     * Adds to {@code out} the entries after {@code afterSeq} with one of {@code actions}, reading
     * only the chunks that have one.
     */
    void auditAfter(long afterSeq, Set<AuditAction> actions, List<AuditEvent> out) {
        List<Snapshot.ChunkRef> refs = head.auditChunks();
        for (int i = 0; i < refs.size(); i++) {
            Snapshot.ChunkRef ref = refs.get(i);
            if (ref.last() <= afterSeq || actions.stream().noneMatch(a -> ref.actions().contains(a.name()))) {
                continue;
            }
            for (AuditEvent e : auditChunks.get(i).get().events()) {
                if (e.seq() > afterSeq && actions.contains(e.action())) {
                    out.add(e);
                }
            }
        }
    }

    /** Adds to {@code out} the entries after {@code afterSeq} until it holds {@code limit}, reading only the chunks needed. */
    void auditAfter(long afterSeq, int limit, List<AuditEvent> out) {
        List<Snapshot.ChunkRef> refs = head.auditChunks();
        for (int i = Sorted.firstAbove(refs, Snapshot.ChunkRef::last, afterSeq); i < refs.size() && out.size() < limit; i++) {
            for (AuditEvent e : auditChunks.get(i).get().events()) {
                if (out.size() >= limit) {
                    return;
                }
                if (e.seq() > afterSeq) {
                    out.add(e);
                }
            }
        }
    }
}
