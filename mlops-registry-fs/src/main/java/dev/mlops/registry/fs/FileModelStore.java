package dev.mlops.registry.fs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.MlopsConfigurationException;
import dev.mlops.fleet.StoredExperiment;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelNames;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import dev.mlops.registry.StorageException;
import dev.mlops.registry.VersionQuery;
import dev.mlops.spi.ArtifactCollection;
import dev.mlops.spi.AuditAnchor;
import dev.mlops.spi.ExperimentStore;
import dev.mlops.spi.Lease;
import dev.mlops.spi.LeaseRules;
import dev.mlops.spi.LeaseStore;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.StoreTransaction;
import dev.mlops.spi.StoredArtifact;
import dev.mlops.spi.TelemetryStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ModelStore} in a directory: crash-safe, shared safely by the threads of a JVM and by
 * several processes, the registry's embedded default. Open it through {@link FileModelStoreProvider}
 * with a {@code file:} URI, or with {@link #open(Path)}.
 *
 * <h2>Layout</h2>
 *
 * <pre>
 * mlops-store.json                           layout marker: {"layout" : 2} once a model has a
 *                                            checkpoint (1 before), plus
 *                                            "signaturesRequired" : true once required
 * blobs/sha256/3f/3fa9...e1                  artifacts, named by the SHA-256 of their bytes
 * models/&lt;dir&gt;/lock                          the model's write lock
 * models/&lt;dir&gt;/log/00000000000000000001.json one file per committed transaction, dense from 1
 *                                            or from the one after the checkpoint
 * models/&lt;dir&gt;/log/head.json                the anchored head of the model's audit log
 * models/&lt;dir&gt;/checkpoint.json              the model's state after one log file (see below)
 * models/&lt;dir&gt;/segments/v7-1200.json         chunks of versions and of audit entries it names
 * tmp/                                       temp files; every write passes through here
 * </pre>
 *
 * <p>A model's directory name is its name with {@code /} written as {@code +} and each upper-case
 * letter {@code X} as {@code ^x} ({@code Fraud/Scorer} → {@code ^fraud+^scorer}), so names that
 * differ only in case stay apart on case-insensitive filesystems. Two cases Windows would refuse
 * or alter are written as {@code ^} and two hex digits: a final {@code .} ({@code ^2e}), and the
 * first letter of a Windows device name such as {@code con} or {@code lpt1} ({@code ^63on}). The
 * mapping is reversible; {@code +} rather than {@code ~} keeps directory names from looking like
 * Windows 8.3 short names. An encoded name may not exceed 255 characters.
 *
 * <h2>Durability and atomicity</h2>
 *
 * <p>Every file is written to {@code tmp/}, forced to disk, renamed atomically to its final name,
 * and then its directory is forced. A transaction of {@link #write} (a promotion: two version
 * updates and two audit entries) is one log file, so a process killed at any instant leaves all of
 * it or none of it. The anchored head of the audit log ({@code head.json}, apart from the log files
 * so that deleting the newest of them shows) is renamed into place right after the log file, before
 * the one directory sync: a process killed between the two renames leaves the head one transaction
 * behind, which the model's next write repairs and {@code verifyAudit} reports meanwhile. Temp files
 * older than an hour are removed on open; younger ones may belong to a process still writing.
 *
 * <h2>Concurrency</h2>
 *
 * <p>{@link #write} holds, per model, a lock shared by every instance in the JVM that opened the
 * same directory, and then an OS file lock on {@code models/<dir>/lock} that excludes other
 * processes. Each model's state is an immutable snapshot, replaced whole when a transaction is
 * applied, so readers never see half of one. Before every read the store checks whether the log
 * file after the last one it applied exists and whether the checkpoint head is still the one it
 * read (two {@code stat}s), and reads what is new: that is how commits and checkpoints of other
 * processes become visible. {@link #auditHeads} costs one directory listing plus two {@code stat}s
 * per model when nothing changed.
 *
 * <h2>Checkpoints</h2>
 *
 * <p>Every {@link Settings#every} transactions of a model (100 by default) the writer folds the
 * log into a checkpoint ({@link Compactor}): a small head naming immutable chunk files, written
 * through temp files and renamed into place after them, after which the log files it contains are
 * removed. Opening a model reads the head and at most that many log files; resolving a stage of
 * TESTING, STAGING or PRODUCTION, an alias or the newest version reads nothing else, other versions
 * read their chunk (1,000 version numbers) once. A store written before checkpoints gets one the
 * first time its model is read or written. Processes that read an older checkpoint notice the new
 * head (its file identity changes) and read it; a chunk removed under them is read again from it.
 */
public final class FileModelStore implements ModelStore, ExperimentStore, TelemetryStore, ArtifactCollection,
        LeaseStore {

    private static final Logger log = LoggerFactory.getLogger(FileModelStore.class);

    /**
     * The layout this code writes once a model has a checkpoint; it also reads layout 1 (logs
     * only), which it upgrades when it writes the store's first checkpoint.
     */
    static final int LAYOUT = 2;
    /** The layout of stores without checkpoints, which versions before checkpoints read too. */
    static final int LOG_ONLY_LAYOUT = 1;
    /** A model's checkpoint head, in its directory. */
    static final String CHECKPOINT = "checkpoint.json";
    /** A model's chunk files, under its directory. */
    static final String SEGMENTS = "segments";
    private static final String MARKER_LOCK = "marker.lock";
    static final String MARKER = "mlops-store.json";
    private static final Set<String> LAYOUT_ENTRIES = Set.of(MARKER, "blobs", "models", "tmp", "experiments", "telemetry");
    private static final Pattern LOG_FILE = Pattern.compile("(\\d{20})\\.json");
    private static final String HEAD_FILE = "head.json";
    private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);
    private static final int COPY_BUFFER = 64 * 1024;

    /**
     * Write locks by canonical store directory and model, shared by all instances in the JVM:
     * {@code FileChannel.lock} excludes processes, not threads, and throws when one JVM asks twice.
     */
    private static final ConcurrentMap<String, ReentrantLock> WRITE_LOCKS = new ConcurrentHashMap<>();

    private final String uri;
    private final Path root;
    private final String lockKeyPrefix;
    private final Path blobs;
    private final Path models;
    private final DurableFiles files;
    private final BlobCollector collector;
    private final FleetFiles fleet;
    private final ConcurrentMap<String, CachedModel> cache = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Once seen true it stays true: nothing undoes the requirement. */
    private volatile boolean signaturesRequired;
    /** Whether the marker is known to say {@link #LAYOUT}. */
    private volatile boolean checkpointLayout;
    private final Settings settings;

    /**
     * When checkpoints are written and how they are cut: a checkpoint every {@code every}
     * transactions of a model (also when a read replayed that many), version chunks covering
     * {@code versionsPerChunk} version numbers, audit chunks of {@code auditPerChunk} entries; the
     * store's options of the same names ({@link FileModelStoreProvider}). An existing checkpoint
     * keeps the chunk sizes it was written with.
     */
    record Settings(int every, int versionsPerChunk, int auditPerChunk) {
        Settings {
            if (every <= 0 || versionsPerChunk <= 0 || auditPerChunk <= 0) {
                throw new MlopsConfigurationException("checkpoint settings must be positive, got every "
                        + every + ", versionsPerChunk " + versionsPerChunk + ", auditPerChunk " + auditPerChunk);
            }
        }

        /** A checkpoint every 25 transactions, chunks of 1,000 versions and 2,000 audit entries. */
        static final Settings DEFAULT = new Settings(25, 1000, 2000);
    }

    /** The newest state this instance has seen of one model; replaced under its own monitor. */
    private static final class CachedModel {
        volatile ModelState state = ModelState.EMPTY;
        /** The identity of the checkpoint head last read (file key and time), or null. */
        volatile Object checkpointKey;
    }

    private FileModelStore(String uri, Path root, Settings settings) {
        this.uri = uri;
        this.root = root;
        this.lockKeyPrefix = root + "\u0000";
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.models = root.resolve("models");
        this.files = new DurableFiles(root.resolve("tmp"));
        this.collector = new BlobCollector(blobs, root.resolve("tmp"), files);
        this.fleet = new FleetFiles(root, files);
        this.settings = settings;
        this.checkpointLayout = readMarker(root.resolve(MARKER)).path("layout").asInt() == LAYOUT;
    }

    /**
     * Opens the store in a directory, creating the directory and the layout when needed.
     *
     * @throws MlopsConfigurationException when the directory holds something that is not a store,
     *     or a store of a layout this version does not know
     * @throws StorageException when the directory cannot be read or written
     */
    public static FileModelStore open(Path directory) {
        return open(directory, directory.toAbsolutePath().normalize().toUri().toString());
    }

    static FileModelStore open(Path directory, String uri) {
        return open(directory, uri, Settings.DEFAULT);
    }

    /** Opens the store with checkpoint settings of its own (tests use small ones). */
    static FileModelStore open(Path directory, Settings settings) {
        return open(directory, directory.toAbsolutePath().normalize().toUri().toString(), settings);
    }

    static FileModelStore open(Path directory, String uri, Settings settings) {
        Path dir = directory.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new MlopsConfigurationException("the model store path " + dir
                    + " is not a directory");
        }
        try {
            boolean created = !Files.exists(dir);
            Files.createDirectories(dir);
            Path root = dir.toRealPath();
            DurableFiles files = new DurableFiles(root.resolve("tmp"));
            if (created && root.getParent() != null) {
                files.syncDirectory(root.getParent());
            }
            boolean hasMarker = checkLayout(root);
            for (String sub : new String[] {"tmp", "blobs", "blobs/sha256", "models"}) {
                files.createDirectory(root.resolve(sub));
            }
            if (!hasMarker) {
                files.write(root.resolve(MARKER), Json.write(Map.of("layout", LOG_ONLY_LAYOUT)));
                log.debug("Created model store layout {} in {}", LOG_ONLY_LAYOUT, root);
            }
            FileModelStore store = new FileModelStore(uri, root, settings);
            store.collector.recover();
            files.removeStaleTempFiles(STALE_TEMP_AGE, Instant.now());
            log.debug("Opened model store {} at {}", uri, root);
            return store;
        } catch (IOException e) {
            throw new StorageException("could not open the model store at " + dir + ": " + e, e);
        }
    }

    /**
     * Checks that a directory is a store of this layout, or may become one.
     *
     * @return whether the layout marker exists
     */
    private static boolean checkLayout(Path root) throws IOException {
        Path marker = root.resolve(MARKER);
        if (Files.exists(marker)) {
            JsonNode layout = readMarker(marker).get("layout");
            if (layout == null || !layout.isInt()
                    || (layout.intValue() != LAYOUT && layout.intValue() != LOG_ONLY_LAYOUT)) {
                throw new MlopsConfigurationException("the model store at " + root + " has layout "
                        + layout + " (in " + marker + "), but this version of mlops-registry-fs reads"
                        + " only layouts " + LOG_ONLY_LAYOUT + " and " + LAYOUT
                        + "; use the version that wrote it or a newer one");
            }
            return true;
        }
        // a store whose first open was cut short has some of its own directories and no marker
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                if (!LAYOUT_ENTRIES.contains(fileName) && !fileName.startsWith(".")) {
                    throw new MlopsConfigurationException("the directory " + root + " is not empty"
                            + " and is not a model store (it has no " + MARKER + " but has '"
                            + fileName + "'); open a new or empty directory, or the store's own");
                }
            }
        }
        return false;
    }

    /**
     * The content of the layout marker.
     *
     * @throws StorageException when it cannot be read or is not a JSON object: the store's own
     *     file is damaged
     */
    private static JsonNode readMarker(Path marker) {
        JsonNode content;
        try {
            content = Json.MAPPER.readTree(Files.readAllBytes(marker));
        } catch (IOException e) {
            throw new StorageException(marker + " cannot be read as the store's layout marker ("
                    + e.getMessage() + "): the store is damaged; restore the file from a backup or"
                    + " write {\"layout\" : " + LAYOUT + "} to it", e);
        }
        if (content == null || !content.isObject()) {
            throw new StorageException(marker + " is not the store's layout marker (a JSON object):"
                    + " the store is damaged; restore the file from a backup or write {\"layout\" : "
                    + LAYOUT + "} to it");
        }
        return content;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public boolean signaturesRequired() {
        requireOpen();
        if (!signaturesRequired) {
            JsonNode required = readMarker(root.resolve(MARKER)).get("signaturesRequired");
            signaturesRequired = required != null && required.asBoolean(false);
        }
        return signaturesRequired;
    }

    @Override
    public void requireSignatures() {
        requireOpen();
        updateMarker(current -> current.path("signaturesRequired").asBoolean(false) ? null
                : Map.of("layout", current.path("layout").asInt(LOG_ONLY_LAYOUT), "signaturesRequired", true));
        signaturesRequired = true;
        log.debug("{} now requires signatures", uri);
    }

    /** Records in the marker that the store has checkpoints, which versions that read only logs cannot read. */
    private void requireCheckpointLayout() {
        if (checkpointLayout) {
            return;
        }
        updateMarker(current -> {
            if (current.path("layout").asInt() == LAYOUT) {
                return null;
            }
            Map<String, Object> next = new java.util.TreeMap<>();
            next.put("layout", LAYOUT);
            if (current.path("signaturesRequired").asBoolean(false)) {
                next.put("signaturesRequired", true);
            }
            return next;
        });
        checkpointLayout = true;
    }

    /**
     * Replaces the marker with what {@code change} makes of it (null: leave it), holding a lock
     * every process takes for it, so that two changes made at once both stay.
     */
    private void updateMarker(Function<JsonNode, Map<String, Object>> change) {
        Path marker = root.resolve(MARKER);
        Path lockFile = root.resolve("tmp").resolve(MARKER_LOCK);
        synchronized (WRITE_LOCKS) {
            FileChannel channel = openLockFile(lockFile);
            try {
                lock(channel, lockFile);
                Map<String, Object> next = change.apply(readMarker(marker));
                if (next != null) {
                    files.write(marker, Json.write(next));
                }
            } catch (IOException e) {
                throw new StorageException("could not write " + marker + ": " + e, e);
            } finally {
                closeLockFile(channel, lockFile);
            }
        }
    }

    /** The store's directory (its real path). */
    public Path root() {
        return root;
    }

    // ---------------------------------------------------------------- artifacts

    @Override
    public StoredArtifact putArtifact(InputStream content) {
        requireOpen();
        Objects.requireNonNull(content, "content");
        MessageDigest sha256 = StoredArtifact.newSha256();
        long[] size = {0};
        Path temp = files.writeTemp("artifact", channel -> {
            byte[] buffer = new byte[COPY_BUFFER];
            for (int n; (n = content.read(buffer)) != -1; ) {
                sha256.update(buffer, 0, n);
                DurableFiles.writeFully(channel, ByteBuffer.wrap(buffer, 0, n));
                size[0] += n;
            }
        });
        StoredArtifact artifact = new StoredArtifact(StoredArtifact.hex(sha256.digest()), size[0]);
        Path blob = blobPath(artifact.sha256());
        // Always replace: the bytes just written are known good, while a blob already there may
        // have been damaged since; renaming over it costs nothing and repairs it. Readers that
        // have the old file open keep reading it.
        files.createDirectory(blob.getParent());
        files.publish(temp, blob);
        log.debug("Stored artifact {} ({} bytes)", artifact.sha256(), artifact.sizeBytes());
        return artifact;
    }

    @Override
    public InputStream openArtifact(String sha256) {
        requireOpen();
        Path blob = blobPath(sha256);
        try {
            return Files.newInputStream(blob);
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException("no artifact with sha256 " + sha256
                    + " is stored in " + uri);
        } catch (IOException e) {
            throw new StorageException("could not open artifact " + blob + ": " + e, e);
        }
    }

    @Override
    public Set<String> artifactDigests() {
        requireOpen();
        return collector.digests();
    }

    /** Removes a blob put longer than {@code grace} ago, racing no put ({@link BlobCollector}). */
    @Override
    public boolean removeArtifact(String sha256, Duration grace) {
        requireOpen();
        return collector.remove(sha256, grace);
    }

    private Path blobPath(String sha256) {
        StoredArtifact.requireDigest(sha256);
        return inside(blobs.resolve(sha256.substring(0, 2)).resolve(sha256));
    }


    // ---------------------------------------------------------------- writes

    @Override
    public <T> T write(String name, Function<StoreTransaction, T> work) {
        requireOpen();
        Objects.requireNonNull(work, "work");
        Path dir = modelDir(name);
        ReentrantLock threadLock = WRITE_LOCKS.computeIfAbsent(lockKeyPrefix + name,
                k -> new ReentrantLock());
        if (threadLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("write on model '" + name
                    + "' called from inside a write on the same model");
        }
        threadLock.lock();
        try {
            files.createDirectory(dir);
            files.createDirectory(dir.resolve("log"));
            Path lockFile = dir.resolve("lock");
            FileChannel channel = openLockFile(lockFile);
            try {
                lock(channel, lockFile);
                return writeLocked(name, dir, work);
            } finally {
                // releases the lock; a failure to close must not replace what work threw or returned
                closeLockFile(channel, lockFile);
            }
        } finally {
            threadLock.unlock();
        }
    }

    private static FileChannel openLockFile(Path lockFile) {
        try {
            return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException("could not open lock file " + lockFile + ": " + e, e);
        }
    }

    private static void closeLockFile(FileChannel channel, Path lockFile) {
        try {
            channel.close();
        } catch (IOException e) {
            // the descriptor, and with it the lock, is gone even when close reports an error
            log.warn("Error closing lock file {}: {}", lockFile, e.toString());
        }
    }

    private static void lock(FileChannel channel, Path lockFile) {
        try {
            channel.lock();
        } catch (IOException | OverlappingFileLockException e) {
            throw new StorageException("could not lock " + lockFile + ": " + e, e);
        }
    }

    private <T> T writeLocked(String name, Path dir, Function<StoreTransaction, T> work) {
        CachedModel cached = cache.computeIfAbsent(name, n -> new CachedModel());
        ModelState state = refresh(name, dir, cached);
        if (state.seq() == 0 && !Files.exists(dir.resolve(CHECKPOINT))) {
            // the first commit must not slip in front of files a broken log still holds
            requireNoLogFilesAfter(dir, 0);
        }
        FileTransaction tx = new FileTransaction(name, state);
        T result;
        try {
            result = work.apply(tx);
        } finally {
            tx.finish();
        }
        List<LogRecord> records = tx.records();
        if (!records.isEmpty() || tx.anchor().isPresent()) {
            commit(name, dir, cached, state, records, tx.anchor());
            checkpointIfDue(name, dir, cached);
        }
        return result;
    }

    /**
     * Writes a checkpoint when {@link Settings#every} log files were applied since the last one.
     * Holding the model's write lock. The commit before it stands whatever happens here: a failed
     * checkpoint is logged and tried again after the next commit.
     */
    private void checkpointIfDue(String name, Path dir, CachedModel cached) {
        ModelState state = cached.state;
        if (state.sinceCheckpoint() < settings.every()) {
            return;
        }
        try {
            requireCheckpointLayout();
            Checkpoint written = Compactor.write(name, dir, state, settings, files);
            synchronized (cached) {
                cached.checkpointKey = checkpointKey(dir);
                if (cached.state.seq() == state.seq()) {
                    cached.state = ModelState.of(written);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not write the checkpoint of model '{}' at log file {}: {}", name, state.seq(),
                    e.toString());
            log.debug("Checkpoint failure", e);
        }
    }

    /**
     * Writes the checkpoint a read found due (a long log, as stores written before checkpoints
     * have), under the model's write lock; skipped when this thread holds it already.
     */
    private void checkpointAfterRead(String name, ModelState state) {
        if (state.sinceCheckpoint() < settings.every()) {
            return;
        }
        ReentrantLock threadLock = WRITE_LOCKS.computeIfAbsent(lockKeyPrefix + name, k -> new ReentrantLock());
        if (threadLock.isHeldByCurrentThread()) {
            return;
        }
        try {
            write(name, tx -> {
                checkpointIfDue(name, modelDir(name), cache.computeIfAbsent(name, n -> new CachedModel()));
                return null;
            });
        } catch (RuntimeException e) {
            // a read-only store, say: reads go on replaying the log
            log.debug("Could not write the checkpoint of model '{}' after a read: {}", name, e.toString());
        }
    }

    /** The identity of a model's checkpoint head: it changes whenever a new head is renamed into place. */
    private static Object checkpointKey(Path dir) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(dir.resolve(CHECKPOINT), BasicFileAttributes.class);
            Object key = attributes.fileKey();
            return List.of(key == null ? "" : key, attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StorageException("could not read the attributes of " + dir.resolve(CHECKPOINT) + ": " + e, e);
        }
    }

    /**
     * Writes a transaction's log file, then its anchored head, both through temp files forced to
     * disk, renamed in that order, and made durable by one sync of the log directory.
     */
    private void commit(String name, Path dir, CachedModel cached, ModelState state,
            List<LogRecord> records, Optional<AuditAnchor> anchor) {
        List<DurableFiles.Rename> renames = new ArrayList<>(2);
        ModelState next = null;
        Path target = null;
        try {
            if (!records.isEmpty()) {
                long seq = state.seq() + 1;
                target = logFile(dir, seq);
                byte[] json = encode(new TransactionFile(TransactionFile.FORMAT, name, seq, records),
                        "transaction " + seq + " of model '" + name + "'");
                ModelState.Builder builder = state.toBuilder(name);
                // apply what other processes will read, not the objects in memory
                apply(name, target, seq, json, builder);
                next = builder.build(seq);
                if (Files.exists(target)) {
                    throw new StorageException(target + " exists although this process holds the lock"
                            + " of model '" + name + "': another writer does not honour the lock (a"
                            + " network filesystem without locking?); nothing was written");
                }
                renames.add(new DurableFiles.Rename(files.writeTemp("log",
                        channel -> DurableFiles.writeFully(channel, json)), target));
            }
            if (anchor.isPresent()) {
                byte[] head = encode(anchor.get(), "the anchored head of model '" + name + "'");
                renames.add(new DurableFiles.Rename(files.writeTemp("head",
                        channel -> DurableFiles.writeFully(channel, head)),
                        dir.resolve("log").resolve(HEAD_FILE)));
            }
        } catch (RuntimeException e) {
            renames.forEach(r -> files.deleteQuietly(r.temp()));
            throw e;
        }
        files.publishAll(renames);
        if (next != null) {
            publish(cached, next);
            log.debug("Committed {} with {} records", target, records.size());
        }
    }

    private static byte[] encode(Object value, String what) {
        try {
            return Json.write(value);
        } catch (IOException e) {
            throw new StorageException("could not encode " + what + ": " + e, e);
        }
    }

    // ---------------------------------------------------------------- log replay

    /**
     * The model's current state: the newest checkpoint (when another process wrote one since) plus
     * the log files committed after what was last read. When nothing changed this costs two
     * {@code stat}s: the next log file and the checkpoint head.
     */
    private ModelState refresh(String name, Path dir, CachedModel cached) {
        ModelState current = cached.state;
        if (!Files.exists(logFile(dir, current.seq() + 1))
                && Objects.equals(checkpointKey(dir), cached.checkpointKey)) {
            return current;
        }
        synchronized (cached) {
            // a checkpoint may remove log files while they are read: then read from it, and again
            for (int attempt = 1; ; attempt++) {
                current = cached.state;
                Object key = checkpointKey(dir);
                if (key != null && !key.equals(cached.checkpointKey)) {
                    Snapshot.Head head = readHead(name, dir);
                    // a newer checkpoint than the one the state builds on: its chunks may be all
                    // that is left of the older one, so start from it and replay the log after it
                    if (head.seq() > current.checkpoint().seq()) {
                        current = ModelState.of(Checkpoint.of(head, dir, current.checkpoint().chunksByFile()));
                        cached.state = current;
                        log.debug("Model '{}' read its checkpoint at log file {}", name, head.seq());
                    }
                }
                cached.checkpointKey = key;
                ModelState next = replay(name, dir, current);
                cached.state = next;
                if (Objects.equals(checkpointKey(dir), key)) {
                    return next;
                }
                if (attempt == 10) {
                    throw new StorageException("the checkpoint of model '" + name + "' in " + dir
                            + " kept changing while it was read; try again");
                }
            }
        }
    }

    /** Applies the log files after {@code current}, as many as there are. */
    private ModelState replay(String name, Path dir, ModelState current) {
        // one builder for all new files, so replaying a long log stays linear
        ModelState.Builder builder = null;
        long seq = current.seq();
        while (true) {
            Path file = logFile(dir, seq + 1);
            byte[] json;
            try {
                json = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                break;
            } catch (IOException e) {
                throw new StorageException("could not read " + file + ": " + e, e);
            }
            if (builder == null) {
                builder = current.toBuilder(name);
            }
            apply(name, file, ++seq, json, builder);
        }
        if (builder == null) {
            return current;
        }
        if (current.seq() == 0 && current.checkpoint() == Checkpoint.NONE) {
            requireNoLogFilesAfter(dir, seq);
        }
        log.debug("Model '{}' advanced from log file {} to {}", name, current.seq(), seq);
        return builder.build(seq);
    }

    /** Reads a model's checkpoint head. */
    private static Snapshot.Head readHead(String name, Path dir) {
        Path file = dir.resolve(CHECKPOINT);
        Snapshot.Head head;
        try {
            head = Json.read(Files.readAllBytes(file), Snapshot.Head.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageException("checkpoint " + file + " cannot be read: " + e, e);
        }
        if (head.format() != Snapshot.FORMAT || !head.model().equals(name)) {
            throw new StorageException("checkpoint " + file + " is not a checkpoint of model '" + name
                    + "' in format " + Snapshot.FORMAT + ": it says model '" + head.model() + "', format "
                    + head.format());
        }
        return head;
    }

    /** Applies log file {@code seq} to a model's state. */
    private static void apply(String name, Path file, long seq, byte[] json,
            ModelState.Builder state) {
        TransactionFile tx;
        try {
            tx = Json.read(json, TransactionFile.class);
        } catch (IOException e) {
            throw new StorageException("log file " + file + " is not a valid transaction: " + e, e);
        }
        if (tx.format() != TransactionFile.FORMAT || !tx.model().equals(name) || tx.seq() != seq) {
            throw new StorageException("log file " + file + " is not transaction " + seq
                    + " of model '" + name + "' in format " + TransactionFile.FORMAT + ": it says"
                    + " model '" + tx.model() + "', seq " + tx.seq() + ", format " + tx.format());
        }
        try {
            tx.records().forEach(record -> record.applyTo(state));
        } catch (IllegalArgumentException e) {
            throw new StorageException("log file " + file + " does not apply to model '" + name
                    + "': " + e.getMessage(), e);
        }
    }

    private static void publish(CachedModel cached, ModelState next) {
        synchronized (cached) {
            if (cached.state.seq() < next.seq()) {
                cached.state = next;
            }
        }
    }

    /** Refuses a log with a gap: replaying past it would build a state that never existed. */
    private static void requireNoLogFilesAfter(Path dir, long seq) {
        Path logDir = dir.resolve("log");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(logDir)) {
            for (Path entry : entries) {
                var m = LOG_FILE.matcher(entry.getFileName().toString());
                // the next file may have been committed since it was looked for: that is no gap
                if (m.matches() && Long.parseLong(m.group(1)) > seq && !Files.exists(logFile(dir, seq + 1))) {
                    throw new StorageException("the log of " + dir + " is broken: "
                            + logFile(dir, seq + 1) + " is missing but " + entry + " exists");
                }
            }
        } catch (NoSuchFileException e) {
            // no log yet
        } catch (IOException e) {
            throw new StorageException("could not list " + logDir + ": " + e, e);
        }
    }

    /** Whether a model's log directory holds any log file. */
    private static boolean hasLogFiles(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.resolve("log"))) {
            for (Path entry : entries) {
                if (LOG_FILE.matcher(entry.getFileName().toString()).matches()) {
                    return true;
                }
            }
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new StorageException("could not list " + dir.resolve("log") + ": " + e, e);
        }
    }

    private static Path logFile(Path dir, long seq) {
        return dir.resolve("log").resolve(String.format("%020d.json", seq));
    }

    // ---------------------------------------------------------------- reads

    /** The current state of a model; {@link ModelState#EMPTY} when it has no committed transaction. */
    private ModelState state(String name) {
        requireOpen();
        Path dir = modelDir(name);
        CachedModel cached = cache.get(name);
        if (cached == null) {
            if (!Files.exists(logFile(dir, 1)) && !Files.exists(dir.resolve(CHECKPOINT))) {
                if (!hasLogFiles(dir)) {
                    // unknown models are not cached, so reading arbitrary names costs no memory
                    return ModelState.EMPTY;
                }
                // a writer may have committed the first file meanwhile; if not, a log whose first
                // file is gone must not pass for a model that never existed
                if (!Files.exists(logFile(dir, 1)) && !Files.exists(dir.resolve(CHECKPOINT))) {
                    requireNoLogFilesAfter(dir, 0);
                }
            }
            cached = cache.computeIfAbsent(name, n -> new CachedModel());
        }
        ModelState state = refresh(name, dir, cached);
        if (state.sinceCheckpoint() >= settings.every()) {
            checkpointAfterRead(name, state);
            state = cached.state;
        }
        return state;
    }

    /**
     * Reads a model's state through {@code read}, again from the newest checkpoint when a chunk of
     * an older one was removed meanwhile by another process's checkpoint.
     */
    private <T> T read(String name, Function<ModelState, T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.apply(state(name));
            } catch (Checkpoint.StaleCheckpointException e) {
                if (attempt == 5) {
                    throw e;
                }
                log.debug("Reading model '{}' again: {}", name, e.getMessage());
            }
        }
    }

    @Override
    public Optional<ModelVersion> version(String name, int version) {
        return read(name, state -> state.version(version));
    }

    @Override
    public List<ModelVersion> versions(String name) {
        return read(name, state -> state.versions());
    }

    @Override
    public List<ModelVersion> versionsInStage(String name, Stage stage) {
        Objects.requireNonNull(stage, "stage");
        return read(name, state -> state.versionsInStage(stage));
    }

    @Override
    public Map<String, Integer> aliases(String name) {
        return read(name, state -> state.aliases());
    }

    @Override
    public List<Evidence> evidence(String name, int version) {
        return read(name, state -> state.evidence(version));
    }

    @Override
    public List<PerformanceRecord> performance(String name, int version) {
        return read(name, state -> state.performance(version));
    }

    @Override
    public List<JobRecord> jobs(String name) {
        return read(name, state -> state.jobs());
    }

    @Override
    public List<AuditEvent> audit(String name, long afterSeq, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        return read(name, state -> state.auditAfter(afterSeq, limit));
    }

    @Override
    public List<AuditEvent> audit(String name, long afterSeq, Set<AuditAction> actions) {
        Objects.requireNonNull(actions, "actions");
        return read(name, state -> state.auditAfter(afterSeq, actions));
    }

    @Override
    public long auditHead(String name) {
        return read(name, ModelState::auditHead);
    }

    @Override
    public Optional<ModelVersion> latestVersion(String name) {
        return read(name, ModelState::latest);
    }

    @Override
    public List<ModelSummary> models() {
        requireOpen();
        List<ModelSummary> summaries = new ArrayList<>();
        for (String name : modelNames()) {
            ModelState state = readable(name);
            if (state.count() > 0) {
                try {
                    summaries.add(read(name, current -> current.summary(name)));
                } catch (StorageException e) {
                    log.warn("Leaving out model '{}': {}", name, e.getMessage());
                }
            }
        }
        summaries.sort(Comparator.comparing(ModelSummary::name));
        return List.copyOf(summaries);
    }

    @Override
    public Map<String, Long> auditHeads() {
        requireOpen();
        Map<String, Long> heads = new TreeMap<>();
        for (String name : modelNames()) {
            ModelState state = readable(name);
            if (state.seq() > 0) {
                heads.put(name, state.auditHead());
            }
        }
        return Map.copyOf(heads);
    }

    /**
     * The state of a model for a read over every model: a model whose log is damaged is left out
     * with a warning, so that one damaged model does not hide the others ({@code verifyAudit}
     * reports it).
     */
    private ModelState readable(String name) {
        try {
            return read(name, state -> state);
        } catch (StorageException e) {
            log.warn("Leaving out model '{}': {}", name, e.getMessage());
            return ModelState.EMPTY;
        }
    }

    @Override
    public Map<String, AuditAnchor> anchors() {
        requireOpen();
        Map<String, AuditAnchor> anchors = new HashMap<>();
        for (String name : modelNames()) {
            Path head = modelDir(name).resolve("log").resolve(HEAD_FILE);
            try {
                anchors.put(name, Json.read(Files.readAllBytes(head), AuditAnchor.class));
            } catch (NoSuchFileException e) {
                // a model never written, or written before heads were anchored
            } catch (IOException | IllegalArgumentException e) {
                // verifyAudit reports the model as having no anchored head
                log.warn("Ignoring the damaged anchored head {}: {}", head, e.toString());
            }
        }
        return Map.copyOf(anchors);
    }

    @Override
    public Page<ModelVersion> search(VersionQuery query) {
        Objects.requireNonNull(query, "query");
        requireOpen();
        Comparator<ModelVersion> order = query.newestFirst()
                ? VersionQuery.OLDEST_FIRST.reversed() : VersionQuery.OLDEST_FIRST;
        VersionQuery.PageToken after = query.pageToken().isEmpty() ? null : query.after();
        List<ModelVersion> matches = new ArrayList<>();
        for (String name : query.name().isEmpty() ? modelNames() : List.of(query.name())) {
            Function<ModelState, List<ModelVersion>> scan = state -> {
                // the versions are filtered where they are kept, without a list of all of them
                List<ModelVersion> found = new ArrayList<>();
                state.forEachCandidate(query.tags(), bare -> {
                    ModelVersion v = state.attachAliases(bare);
                    if (query.matches(v) && (after == null
                            || (query.newestFirst() ? after.compareTo(v) < 0 : after.compareTo(v) > 0))) {
                        found.add(v);
                    }
                });
                return found;
            };
            if (query.name().isEmpty()) {
                try {
                    matches.addAll(read(name, scan));
                } catch (StorageException e) {
                    log.warn("Leaving out model '{}': {}", name, e.getMessage());
                }
            } else {
                matches.addAll(read(name, scan));
            }
        }
        matches.sort(order);
        if (matches.size() <= query.pageSize()) {
            return new Page<>(matches, "");
        }
        List<ModelVersion> page = matches.subList(0, query.pageSize());
        return new Page<>(page, VersionQuery.PageToken.of(page.get(page.size() - 1)).encode());
    }

    /** The models with a directory, in no particular order. */
    private List<String> modelNames() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(models)) {
            for (Path entry : entries) {
                Optional<String> name = ModelDirNames.decode(entry.getFileName().toString());
                if (name.isPresent()) {
                    names.add(name.get());
                } else {
                    log.debug("Ignoring {}: not a model directory", entry);
                }
            }
        } catch (IOException e) {
            throw new StorageException("could not list " + models + ": " + e, e);
        }
        return names;
    }

    private Path modelDir(String name) {
        return inside(models.resolve(ModelDirNames.encode(ModelNames.requireValid(name))));
    }

    /** Defence in depth: names and digests are checked, but no path may leave the root anyway. */
    private Path inside(Path path) {
        Path normalized = path.normalize();
        if (!normalized.startsWith(root) || normalized.equals(root)) {
            throw new IllegalArgumentException("refusing path " + path + " outside the store " + root);
        }
        return normalized;
    }

    // ---------------------------------------------------------------- fleet (FleetFiles)

    @Override
    public void saveExperiment(StoredExperiment revision) {
        requireOpen();
        fleet.saveExperiment(revision);
    }

    @Override
    public Optional<StoredExperiment> experiment(String id) {
        requireOpen();
        return fleet.experiment(id);
    }

    @Override
    public List<StoredExperiment> experiments() {
        requireOpen();
        return fleet.experiments();
    }

    @Override
    public List<StoredExperiment> experimentHistory(String id) {
        requireOpen();
        return fleet.experimentHistory(id);
    }

    @Override
    public void putBucket(TelemetryBucket bucket) {
        requireOpen();
        fleet.putBucket(bucket);
    }

    @Override
    public List<TelemetryBucket> buckets(String kind, String subject) {
        requireOpen();
        return fleet.buckets(kind, subject);
    }

    // ---------------------------------------------------------------- lifecycle

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the model store " + uri + " is closed");
        }
    }

    /** Closes the store; further calls fail with {@link IllegalStateException}. Idempotent. */
    // ---------------------------------------------------------------- leases (FileLeases)

    @Override
    public Optional<Lease> acquire(String name, String holder, Duration ttl) {
        LeaseStore.requireHolder(holder);
        long millis = LeaseStore.requireTtl(ttl);
        return write(name, tx -> FileLeases.update(modelDir(name), files,
                stored -> LeaseRules.acquire(stored, name, holder, Instant.now(), millis)));
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        long millis = LeaseStore.requireTtl(ttl);
        return write(lease.name(), tx -> FileLeases.update(modelDir(lease.name()), files,
                stored -> LeaseRules.renew(stored, lease, Instant.now(), millis)));
    }

    @Override
    public boolean release(Lease lease) {
        return write(lease.name(), tx -> FileLeases.update(modelDir(lease.name()), files,
                stored -> LeaseRules.release(stored, lease, Instant.now()))).isPresent();
    }

    @Override
    public Optional<Lease> lease(String name) {
        requireOpen();
        return LeaseRules.current(FileLeases.read(modelDir(name)), Instant.now());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            cache.clear();
            log.debug("Closed model store {}", uri);
        }
    }

    @Override
    public String toString() {
        return "FileModelStore[" + root + "]";
    }
}
