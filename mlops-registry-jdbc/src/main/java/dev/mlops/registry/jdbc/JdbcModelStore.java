package dev.mlops.registry.jdbc;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.fleet.StoredExperiment;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelNames;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import dev.mlops.registry.StorageException;
import dev.mlops.registry.VersionQuery;
import dev.mlops.registry.jdbc.internal.Artifacts;
import dev.mlops.registry.jdbc.internal.DataSourceConnections;
import dev.mlops.registry.jdbc.internal.Database;
import dev.mlops.registry.jdbc.internal.DatabaseArtifacts;
import dev.mlops.registry.jdbc.internal.Dialect;
import dev.mlops.registry.jdbc.internal.DriverManagerPool;
import dev.mlops.registry.jdbc.internal.FileArtifacts;
import dev.mlops.registry.jdbc.internal.FleetTables;
import dev.mlops.registry.jdbc.internal.H2Servers;
import dev.mlops.registry.jdbc.internal.JdbcTransaction;
import dev.mlops.registry.jdbc.internal.Leases;
import dev.mlops.registry.jdbc.internal.Migrations;
import dev.mlops.registry.jdbc.internal.Queries;
import dev.mlops.registry.jdbc.internal.Secrets;
import dev.mlops.registry.jdbc.internal.Settings;
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
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ModelStore} in a relational database: H2 (embedded, file or memory), PostgreSQL,
 * MariaDB or MySQL. Open one with {@link #open(String, JdbcStoreOptions)} from a JDBC URL, with
 * {@link #create(DataSource, JdbcStoreOptions)} from your own (pooled) {@link DataSource}, or let
 * {@code ModelRegistries.open("jdbc:...")} find it through {@link JdbcModelStoreProvider}.
 *
 * <p><b>Writes.</b> {@link #write} runs in one READ COMMITTED transaction that first locks the
 * model's row in {@code mlops_models} ({@code SELECT ... FOR UPDATE}, inserting the row for a new
 * model), so writes to one model are serialized across threads, processes and machines while writes
 * to different models proceed in parallel. Version numbers come from that locked row; primary keys
 * and unique constraints on (model, version), (model, audit seq) and (model, idempotency key) are the
 * last line of defence. Deadlocks, serialization failures and duplicate keys roll back and run the
 * work again (up to 10 times); any other failure, a dropped connection or a wait for the model's
 * lock longer than {@link JdbcStoreOptions#lockTimeout()} included, rolls back and raises a
 * {@link StorageException}, leaving nothing of the write behind. When the connection breaks during
 * the commit itself, the store reads back the audit entry the write appended to learn whether the
 * commit went through: if it did, the write returns normally; if not, it fails (or, after an H2
 * hand-over between processes, runs again).
 *
 * <p><b>Change tracking.</b> The model row also holds the sequence number of the model's newest
 * audit entry, so {@link #auditHeads()}, which registries poll (every second by default) to see
 * other instances' changes, is one small query over one row per model.
 *
 * <p><b>Artifacts</b> are stored in the database in 1 MiB chunks, deduplicated by digest and streamed
 * both ways, or, with {@link JdbcStoreOptions.Builder#blobDirectory}, as files in a directory
 * shared by all instances. Each chunk of an artifact larger than one chunk is committed on its own,
 * so that no database holds a whole artifact in memory before its commit; the artifact appears only
 * with the last commit, and the chunks of a writer that died are removed by a later open.
 *
 * <p><b>Tamper evidence.</b> The model row also keeps the anchored head of the model's audit log
 * (sequence number, hash and signature of its newest entry), apart from the log, so that deleted
 * newest audit rows show.
 *
 * <p><b>Credentials</b> (a URL's password, the password option) are masked in every message the
 * store writes, the driver's messages and their causes included.
 *
 * <p><b>Connections.</b> Opened from a URL, the store keeps a small pool of its own (at most
 * {@link JdbcStoreOptions#poolSize()} connections; idle ones are validated before reuse after two
 * seconds, failed ones are dropped). With a {@code DataSource} (HikariCP, for instance) every
 * operation borrows one connection from it and returns it at once; the store never closes the data
 * source. An open artifact stream holds no connection between chunks.
 *
 * <p><b>Schema.</b> Tables are prefixed {@code mlops_}; they are created on first open and
 * upgraded by versioned scripts, recorded in {@code mlops_schema_version}, under a database lock so
 * that processes opening a fresh database at once do not race.
 *
 * <p><b>H2.</b> For file databases the store adds {@code AUTO_SERVER=TRUE;FILE_LOCK=SOCKET} to the
 * URL (unless the URL sets them), so that several processes, such as concurrent CLI runs, share one
 * registry file: the
 * first process serves the file to the others; when that process exits, another takes over, and
 * work interrupted by the hand-over runs again. The store also sets {@code LOCK_TIMEOUT} to
 * {@link JdbcStoreOptions#lockTimeout()} unless the URL sets it. Processes other than the first
 * reach the file through H2's TCP server, at some tens of milliseconds per contended write: right
 * for concurrent CLI runs and small teams, while many service instances belong on PostgreSQL.
 * H2 writes a commit to its file only after a delay (WRITE_DELAY), so that a killed process, the one
 * serving the file to the others included, would lose commits already acknowledged: the store runs
 * {@code CHECKPOINT SYNC} after each commit to a file database, which writes the commit and forces it
 * to disk before the write returns (this needs the database's administrator, the user that created
 * it). H2 binds the auto-server to every network interface unless the system property
 * {@code h2.bindAddress} says otherwise; the store sets it to {@code 127.0.0.1} when the application
 * has not set it, and refuses to serve a file when H2 was started in the JVM before it could.
 * An in-memory database ({@code jdbc:h2:mem:}) lives as long as its connections, unless the URL says
 * {@code DB_CLOSE_DELAY=-1}.
 *
 * <p>Thread-safe.
 */
public final class JdbcModelStore implements ModelStore, ExperimentStore, TelemetryStore, ArtifactCollection,
        LeaseStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcModelStore.class);

    private final Database db;
    private final FleetTables fleet;
    private final Artifacts artifacts;
    private final String uri;
    private final Duration lockWait;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Once seen true it stays true: nothing undoes the requirement. */
    private volatile boolean signaturesRequired;

    private JdbcModelStore(Database db, Artifacts artifacts, String uri, Duration lockWait) {
        this.db = db;
        this.fleet = new FleetTables(db);
        this.artifacts = artifacts;
        this.uri = uri;
        this.lockWait = lockWait;
    }

    /**
     * Opens (creating or upgrading the schema if needed) the store in the database at a JDBC URL,
     * connecting with {@link DriverManager} through a pool of the store's own. Credentials are
     * {@link JdbcStoreOptions#user()} and {@link JdbcStoreOptions#password()} when set, else those
     * in the URL.
     *
     * @throws MlopsConfigurationException when the database is not supported or its driver is not on
     *     the class path (the message names the artifact to add)
     * @throws StorageException when the database cannot be reached or the schema not created
     */
    public static JdbcModelStore open(String url, JdbcStoreOptions options) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(options, "options");
        Dialect dialect = Dialect.ofUrl(url);
        String connectionUrl = dialect.connectionUrl(url, options.lockTimeout());
        Secrets secrets = Secrets.of(url, options.password());
        if (dialect == Dialect.H2) {
            H2Servers.bindToLoopback();
        }
        requireDriver(dialect, url, connectionUrl, secrets);
        if (dialect == Dialect.H2 && H2Servers.autoServer(connectionUrl)) {
            H2Servers.requireBound(url);
        }
        Properties properties = new Properties();
        if (!options.user().isEmpty()) {
            properties.setProperty("user", options.user());
        }
        if (!options.password().isEmpty()) {
            properties.setProperty("password", options.password());
        }
        DriverManagerPool pool = new DriverManagerPool(connectionUrl, dialect, properties, options.poolSize(),
                options.connectionTimeout(), secrets);
        return start(new Database(pool, dialect, url, false, secrets), secrets.mask(url),
                options, Migrations.standard(), Integer.MAX_VALUE);
    }

    /**
     * Opens (creating or upgrading the schema if needed) the store in the database behind a data
     * source, which does the pooling. The dialect is read from the database's metadata; the
     * credentials are the data source's, so {@link JdbcStoreOptions#user()} and
     * {@link JdbcStoreOptions#password()} must not be set. Closing the store leaves the data source
     * open. The store changes nothing in the data source's URL: for an H2 file shared by processes,
     * give it {@code AUTO_SERVER=TRUE} yourself, and a {@code LOCK_TIMEOUT} (H2's default, one
     * second, bounds how long a write waits for another write of the same model).
     *
     * @throws MlopsConfigurationException when the database is not supported or credentials are given
     * @throws StorageException when the database cannot be reached or the schema not created
     */
    public static JdbcModelStore create(DataSource dataSource, JdbcStoreOptions options) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        if (!options.user().isEmpty() || !options.password().isEmpty()) {
            throw new MlopsConfigurationException("a JDBC store on a DataSource uses the data"
                    + " source's credentials; do not set the user or password options");
        }
        Dialect dialect;
        String url;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            dialect = Dialect.ofProduct(meta.getDatabaseProductName());
            url = meta.getURL() == null ? "jdbc:" + dialect.id() + ":(data source)" : meta.getURL();
        } catch (SQLException e) {
            throw new StorageException("cannot connect through the data source " + dataSource + ": "
                    + Secrets.NONE.mask(e.getMessage()), Secrets.NONE.mask(e));
        }
        Secrets secrets = Secrets.of(url, "");
        return start(new Database(new DataSourceConnections(dataSource), dialect, url, true, secrets),
                secrets.mask(url), options, Migrations.standard(), Integer.MAX_VALUE);
    }

    /**
     * Opens a store on a prepared database with the given migrations, bringing the schema to
     * {@code schemaVersion} (or the newest script). For tests of schema upgrades.
     */
    static JdbcModelStore start(Database db, String uri, JdbcStoreOptions options,
            Migrations migrations, int schemaVersion) {
        try {
            int version = migrations.migrate(db, schemaVersion);
            db.checkDurableCommits();
            Artifacts artifacts;
            if (options.blobDirectory().isPresent()) {
                artifacts = new FileArtifacts(options.blobDirectory().get());
            } else {
                DatabaseArtifacts inDatabase = new DatabaseArtifacts(db, options.chunkSizeBytes());
                inDatabase.removeStaleUploads(DatabaseArtifacts.STALE_UPLOAD_AGE);
                artifacts = inDatabase;
            }
            log.debug("Opened {} ({}, schema version {}, artifacts {})", uri, db.dialect().product(),
                    version, options.blobDirectory().map(Object::toString).orElse("in the database"));
            return new JdbcModelStore(db, artifacts, uri, options.lockTimeout());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static void requireDriver(Dialect dialect, String url, String connectionUrl,
            Secrets secrets) {
        try {
            DriverManager.getDriver(connectionUrl);
        } catch (SQLException e) {
            throw new MlopsConfigurationException("no JDBC driver on the class path accepts '"
                    + secrets.mask(url) + "'; add " + dialect.driverArtifactFor(url)
                    + " to the class path", secrets.mask(e));
        }
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public StoredArtifact putArtifact(InputStream content) {
        ensureOpen();
        return artifacts.put(Objects.requireNonNull(content, "content"));
    }

    @Override
    public InputStream openArtifact(String sha256) {
        ensureOpen();
        return artifacts.open(sha256);
    }

    /**
     * {@inheritDoc}
     *
     * @throws MlopsConfigurationException when the store keeps artifacts in a blob directory
     */
    @Override
    public Set<String> artifactDigests() {
        ensureOpen();
        return artifacts.digests();
    }

    /**
     * {@inheritDoc}
     *
     * @throws MlopsConfigurationException when the store keeps artifacts in a blob directory
     */
    @Override
    public boolean removeArtifact(String sha256, Duration grace) {
        ensureOpen();
        return artifacts.remove(sha256, grace);
    }

    @Override
    public <T> T write(String name, Function<StoreTransaction, T> work) {
        ensureOpen();
        ModelNames.requireValid(name);
        Objects.requireNonNull(work, "work");
        String what = "write model '" + name + "'";
        for (int attempt = 1; ; attempt++) {
            AtomicReference<AuditEvent> mark = new AtomicReference<>();
            AtomicReference<T> outcome = new AtomicReference<>();
            try {
                return db.transaction(what, c -> {
                    JdbcTransaction tx = JdbcTransaction.begin(c, db.dialect(), name, lockWait);
                    try {
                        T result = work.apply(tx);
                        tx.flush();
                        mark.set(tx.lastAppended().orElse(null));
                        outcome.set(result);
                        return result;
                    } finally {
                        tx.discard();
                    }
                });
            } catch (Database.CommitOutcomeUnknownException e) {
                // Every write of the registry appends an audit entry, and the entry's hash is
                // unique: it is in the log exactly when the commit went through.
                AuditEvent last = mark.get();
                if (last == null) {
                    throw e;
                }
                boolean saved = db.read("check whether the write to '" + name + "' was saved",
                        c -> Queries.auditEntry(c, name, last.seq())
                                .map(found -> found.hash().equals(last.hash())).orElse(false));
                if (saved) {
                    log.debug("The commit of {} went through before its connection broke", what);
                    return outcome.get();
                }
                if (!e.transientConnectionFailure() || attempt >= 10) {
                    throw new StorageException("the connection to " + uri + " failed while"
                            + " committing (" + what + "); the change was not saved", e.getCause());
                }
                log.debug("Running {} again: its commit was lost with the connection", what);
            }
        }
    }

    @Override
    public Optional<ModelVersion> version(String name, int version) {
        return read("read version " + name + ":" + version, name, c -> Queries.version(c, name, version));
    }

    @Override
    public List<ModelVersion> versions(String name) {
        return read("read the versions of '" + name + "'", name, c -> Queries.versions(c, name));
    }

    @Override
    public Optional<ModelVersion> latestVersion(String name) {
        return read("read the latest version of '" + name + "'", name,
                c -> Queries.latestVersion(c, name));
    }

    @Override
    public List<ModelVersion> versionsInStage(String name, Stage stage) {
        Objects.requireNonNull(stage, "stage");
        return read("read the " + stage + " versions of '" + name + "'", name,
                c -> Queries.versionsInStage(c, name, stage));
    }

    @Override
    public Map<String, Integer> aliases(String name) {
        return read("read the aliases of '" + name + "'", name, c -> Queries.aliases(c, name));
    }

    @Override
    public List<ModelSummary> models() {
        ensureOpen();
        return db.read("list the models", Queries::models);
    }

    @Override
    public Page<ModelVersion> search(VersionQuery query) {
        ensureOpen();
        Objects.requireNonNull(query, "query");
        return db.read("search versions", c -> Queries.search(c, db.dialect(), query));
    }

    @Override
    public List<Evidence> evidence(String name, int version) {
        return read("read the evidence of " + name + ":" + version, name,
                c -> Queries.evidence(c, name, version));
    }

    @Override
    public List<JobRecord> jobs(String name) {
        return read("read the jobs of " + name, name, c -> Queries.jobs(c, name));
    }

    @Override
    public List<PerformanceRecord> performance(String name, int version) {
        return read("read the performance of " + name + ":" + version, name,
                c -> Queries.performance(c, name, version));
    }

    @Override
    public List<AuditEvent> audit(String name, long afterSeq, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        return read("read the audit log of '" + name + "'", name,
                c -> Queries.audit(c, name, afterSeq, limit));
    }

    @Override
    public List<AuditEvent> audit(String name, long afterSeq, Set<AuditAction> actions) {
        return read("read the audit log of '" + name + "'", name, c -> Queries.audit(c, name, afterSeq, actions));
    }

    @Override
    public long auditHead(String name) {
        return read("read the audit head of '" + name + "'", name, c -> Queries.auditHead(c, name));
    }

    @Override
    public Map<String, Long> auditHeads() {
        ensureOpen();
        return db.read("read the audit heads", Queries::auditHeads);
    }

    @Override
    public Map<String, AuditAnchor> anchors() {
        ensureOpen();
        return db.read("read the anchored audit heads", Queries::anchors);
    }

    @Override
    public boolean signaturesRequired() {
        ensureOpen();
        if (!signaturesRequired) {
            signaturesRequired = db.read("read whether signatures are required",
                    c -> Settings.get(c, Settings.SIGNATURES_REQUIRED).map(Boolean::parseBoolean)
                            .orElse(false));
        }
        return signaturesRequired;
    }

    @Override
    public void requireSignatures() {
        ensureOpen();
        db.transaction("require signatures", c -> {
            Settings.put(c, Settings.SIGNATURES_REQUIRED, "true");
            return null;
        });
        signaturesRequired = true;
    }

    @Override
    public Optional<Lease> acquire(String name, String holder, Duration ttl) {
        ensureOpen();
        ModelNames.requireValid(name);
        LeaseStore.requireHolder(holder);
        long millis = LeaseStore.requireTtl(ttl);
        return db.transaction("acquire the lease on '" + name + "'", c -> Leases.update(c, db.dialect(), name,
                (stored, now) -> LeaseRules.acquire(stored, name, holder, now, millis)));
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        ensureOpen();
        long millis = LeaseStore.requireTtl(ttl);
        return db.transaction("renew the lease on '" + lease.name() + "'", c -> Leases.update(c, db.dialect(),
                lease.name(), (stored, now) -> LeaseRules.renew(stored, lease, now, millis)));
    }

    @Override
    public boolean release(Lease lease) {
        ensureOpen();
        return db.transaction("release the lease on '" + lease.name() + "'", c -> Leases.update(c, db.dialect(),
                lease.name(), (stored, now) -> LeaseRules.release(stored, lease, now))).isPresent();
    }

    @Override
    public Optional<Lease> lease(String name) {
        return read("read the lease on '" + name + "'", name,
                c -> Leases.current(c, db.dialect(), name, LeaseRules::current));
    }

    private <T> T read(String what, String name, Database.SqlWork<T> work) {
        ensureOpen();
        ModelNames.requireValid(name);
        return db.read(what, work);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the store " + uri + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            db.close();
            log.debug("Closed {}", uri);
        }
    }

    @Override
    public void saveExperiment(StoredExperiment revision) {
        ensureOpen();
        fleet.saveExperiment(revision);
    }

    @Override
    public Optional<StoredExperiment> experiment(String id) {
        ensureOpen();
        return fleet.experiment(id);
    }

    @Override
    public List<StoredExperiment> experiments() {
        ensureOpen();
        return fleet.experiments();
    }

    @Override
    public List<StoredExperiment> experimentHistory(String id) {
        ensureOpen();
        return fleet.experimentHistory(id);
    }

    @Override
    public void putBucket(TelemetryBucket bucket) {
        ensureOpen();
        fleet.putBucket(bucket);
    }

    @Override
    public List<TelemetryBucket> buckets(String kind, String subject) {
        ensureOpen();
        return fleet.buckets(kind, subject);
    }

    @Override
    public String toString() {
        return "JdbcModelStore[" + uri + "]";
    }
}
