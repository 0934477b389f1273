package dev.mlops.registry.fs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.fleet.ExperimentNotFoundException;
import dev.mlops.fleet.ExperimentState;
import dev.mlops.fleet.FleetNames;
import dev.mlops.fleet.StoredExperiment;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.StorageException;
import dev.mlops.spi.ExperimentStore;
import dev.mlops.spi.TelemetryStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Experiments and telemetry buckets in a filesystem store, beside the models:
 * <pre>
 * experiments/&lt;id&gt;/lock                      the experiment's write lock
 * experiments/&lt;id&gt;/&lt;revision, 20 digits&gt;.json  one file per revision, never changed
 * telemetry/&lt;kind&gt;/&lt;subject&gt;/&lt;instance&gt;/&lt;window, 20 digits&gt;.json
 * </pre>
 * Every file reaches its name through a forced temp file and an atomic rename
 * ({@link DurableFiles}). A revision is written under the experiment's lock (a JVM lock and
 * {@code FileChannel.lock} on {@code lock}) after checking the newest revision on disk, so
 * writers in any process serialize; a bucket is replaced by its rename, so the last flush wins
 * and a reader sees a whole bucket. Directory names are those of models ({@link ModelDirNames}).
 */
final class FleetFiles implements ExperimentStore, TelemetryStore {

    private static final Pattern NUMBERED = Pattern.compile("(\\d{20})\\.json");
    /** By canonical directory: {@code FileChannel.lock} excludes processes, not threads. */
    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path experiments;
    private final Path telemetry;
    private final DurableFiles files;

    FleetFiles(Path root, DurableFiles files) {
        this.experiments = root.resolve("experiments");
        this.telemetry = root.resolve("telemetry");
        this.files = files;
    }

    // ---------------------------------------------------------------- experiments

    @Override
    public void saveExperiment(StoredExperiment revision) {
        Path dir = experiments.resolve(ModelDirNames.encode(revision.id()));
        if (revision.revision() == 1) {
            files.createDirectory(experiments);
            files.createDirectory(dir);
        } else if (!Files.isDirectory(dir)) {
            throw new ExperimentNotFoundException("no experiment '" + revision.id() + "' in the store");
        }
        ReentrantLock lock = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        lock.lock();
        Path lockFile = dir.resolve("lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.lock();
            long newest = newest(dir);
            if (revision.revision() == 1 && newest > 0) {
                throw new ConflictException("experiment '" + revision.id() + "' exists already");
            }
            if (revision.revision() > 1 && newest == 0) {
                throw new ExperimentNotFoundException("no experiment '" + revision.id() + "' in the store");
            }
            if (newest != revision.revision() - 1) {
                throw new ConflictException("experiment '" + revision.id() + "' is at revision " + newest + ", not "
                        + (revision.revision() - 1) + ": it was changed meanwhile");
            }
            files.write(dir.resolve(numbered(revision.revision())), json(encode(revision)));
        } catch (IOException | OverlappingFileLockException e) {
            throw new StorageException("could not lock " + lockFile + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<StoredExperiment> experiment(String id) {
        Path dir = experiments.resolve(ModelDirNames.encode(FleetNames.requireValid("experiment id", id)));
        long newest = newest(dir);
        return newest == 0 ? Optional.empty() : Optional.of(read(dir.resolve(numbered(newest))));
    }

    @Override
    public List<StoredExperiment> experiments() {
        List<StoredExperiment> all = new ArrayList<>();
        for (Path dir : list(experiments)) {
            long newest = newest(dir);
            if (newest > 0) {
                all.add(read(dir.resolve(numbered(newest))));
            }
        }
        all.sort(Comparator.comparing(StoredExperiment::id));
        return all;
    }

    @Override
    public List<StoredExperiment> experimentHistory(String id) {
        Path dir = experiments.resolve(ModelDirNames.encode(FleetNames.requireValid("experiment id", id)));
        long newest = newest(dir);
        List<StoredExperiment> history = new ArrayList<>();
        for (long r = 1; r <= newest; r++) {
            history.add(read(dir.resolve(numbered(r))));
        }
        return history;
    }

    private long newest(Path dir) {
        long newest = 0;
        for (Path file : list(dir)) {
            Matcher m = NUMBERED.matcher(file.getFileName().toString());
            if (m.matches()) {
                newest = Math.max(newest, Long.parseLong(m.group(1)));
            }
        }
        return newest;
    }

    private static byte[] json(Map<String, Object> doc) {
        try {
            return Json.write(doc);
        } catch (IOException e) {
            throw new StorageException("could not encode " + doc.keySet() + ": " + e, e);
        }
    }

    private static Map<String, Object> encode(StoredExperiment e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", e.id());
        doc.put("revision", e.revision());
        doc.put("state", e.state().jsonName());
        doc.put("updatedAt", e.updatedAt().toString());
        doc.put("updatedBy", e.updatedBy());
        doc.put("change", e.change());
        doc.put("reason", e.reason());
        doc.put("definition", e.definition());
        return doc;
    }

    private static StoredExperiment read(Path file) {
        try {
            JsonNode doc = Json.MAPPER.readTree(Files.readAllBytes(file));
            return new StoredExperiment(doc.get("id").asText(), doc.get("revision").asLong(),
                    ExperimentState.ofJsonName(doc.get("state").asText()), doc.get("definition").asText(),
                    Instant.parse(doc.get("updatedAt").asText()), doc.get("updatedBy").asText(),
                    doc.get("change").asText(), doc.get("reason").asText());
        } catch (IOException | RuntimeException e) {
            throw new StorageException("experiment revision " + file + " cannot be read (" + e.getMessage()
                    + "): the store is damaged", e);
        }
    }

    // ---------------------------------------------------------------- telemetry

    @Override
    public void putBucket(TelemetryBucket bucket) {
        Path kindDir = telemetry.resolve(bucket.kind());
        Path subjectDir = kindDir.resolve(ModelDirNames.encode(bucket.subject()));
        Path instanceDir = subjectDir.resolve(ModelDirNames.encode(bucket.instance()));
        for (Path dir : List.of(telemetry, kindDir, subjectDir, instanceDir)) {
            files.createDirectory(dir);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("instance", bucket.instance());
        doc.put("writtenAt", bucket.writtenAt().toString());
        doc.put("payload", bucket.payload());
        files.write(instanceDir.resolve(numbered(bucket.window())), json(doc));
    }

    @Override
    public List<TelemetryBucket> buckets(String kind, String subject) {
        Path subjectDir = telemetry.resolve(FleetNames.requireValid("telemetry kind", kind))
                .resolve(ModelDirNames.encode(FleetNames.requireValid(kind + " id", subject)));
        List<TelemetryBucket> buckets = new ArrayList<>();
        for (Path instanceDir : list(subjectDir)) {
            for (Path file : list(instanceDir)) {
                Matcher m = NUMBERED.matcher(file.getFileName().toString());
                if (m.matches()) {
                    buckets.add(readBucket(kind, subject, Long.parseLong(m.group(1)), file));
                }
            }
        }
        buckets.sort(Comparator.comparingLong(TelemetryBucket::window).thenComparing(TelemetryBucket::instance));
        return buckets;
    }

    private static TelemetryBucket readBucket(String kind, String subject, long window, Path file) {
        try {
            JsonNode doc = Json.MAPPER.readTree(Files.readAllBytes(file));
            return new TelemetryBucket(kind, subject, doc.get("instance").asText(), window,
                    Instant.parse(doc.get("writtenAt").asText()), doc.get("payload").asText());
        } catch (IOException | RuntimeException e) {
            throw new StorageException("telemetry bucket " + file + " cannot be read (" + e.getMessage()
                    + "): the store is damaged", e);
        }
    }

    private static String numbered(long n) {
        return String.format("%020d.json", n);
    }

    /** The entries of a directory, none when it does not exist. */
    private static List<Path> list(Path dir) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException e) {
            return entries;
        } catch (IOException e) {
            throw new StorageException("could not list " + dir + ": " + e, e);
        }
        return entries;
    }
}
