package dev.mlops.bench;

import dev.mlops.cli.Main;
import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import dev.mlops.registry.VersionQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How the registry's costs grow with the versions of one model, per store: the first resolve of
 * {@code big@production} after opening (a new registry on the store each time), the newest version,
 * a tag + metric search (SampleTime: read p0.95), one promotion to PRODUCTION (a staged version over
 * the current one; each invocation moves a version ARCHIVED → STAGING → PRODUCTION, two promotions),
 * and {@code mlops models show NAME@production} run in-process through the command's entry point,
 * on the big model and, at the same time in a second thread, on a model of
 * {@value #SMALL_VERSIONS} versions in the same store, so that their ratio is read in one run under
 * one load. The growth is the figure at 10,000 (or 100,000) versions over the
 * one at 1,000.
 *
 * <p>Each store and size is filled once through the registry and kept for later runs: the
 * filesystem and H2 stores in {@code java.io.tmpdir}/mlops-scale, PostgreSQL in a schema
 * {@code mlops_scale_N} of {@code -Dmlops.bench.postgres=URL} (default: the local test database),
 * MariaDB in a database {@code mlops_scale_N} of {@code -Dmlops.bench.mariadb=URL} (default:
 * root on the local server). A store found incomplete (a fill that was interrupted) is emptied and
 * filled again. The JDBC stores are filled by {@value #FILL_THREADS} threads (writes to one model
 * are serialized by the store; the threads overlap the rest of each registration). Run from the
 * repository root:
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar ScaleBenchmark -p store=h2,mariadb,postgresql -f 1 -wi 2 -i 3 -w 1 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScaleBenchmark {

    private static final String NAME = "big";
    /** The model {@code models show} is compared with. */
    private static final String SMALL = "small";
    private static final int SMALL_VERSIONS = 10;
    private static final int FILL_THREADS = 4;
    private static final String MARIADB = System.getProperty("mlops.bench.mariadb",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root");

    /** The store: the filesystem store, an H2 file database, MariaDB or PostgreSQL. */
    @Param({"file", "h2", "mariadb", "postgresql"})
    public String store;

    /** How many versions the model has. */
    @Param({"1000", "10000", "100000"})
    public int versions;

    private String uri;
    private ModelRegistry registry;
    private int promoted;
    private int team;
    private final PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        uri = prepare();
        registry = open();
        if (!filled(registry)) {
            registry.close();
            System.out.println("Filling " + store + " with " + versions + " versions of '" + NAME + "' (once)...");
            wipe();
            uri = prepare();
            registry = open();
            long start = System.nanoTime();
            fill();
            System.out.printf("Filled in %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
        promoted = registry.get(NAME + "@production").version();
        if (show(NAME) != 0 || show(SMALL) != 0) {
            throw new IllegalStateException("mlops models show failed on " + uri);
        }
    }

    private ModelRegistry open() {
        return ModelRegistries.builder(uri).actor("bench").refreshInterval(Duration.ZERO).open();
    }

    /** The store's URI, its directory, schema or database created when missing. */
    private String prepare() throws IOException, SQLException {
        String database = "mlops_scale_" + versions;
        switch (store) {
            case "file" -> {
                Files.createDirectories(directory());
                return "file:" + directory().resolve("store");
            }
            case "h2" -> {
                Files.createDirectories(directory());
                return "jdbc:h2:" + directory().resolve("registry");
            }
            case "postgresql" -> {
                return PostgresRegistries.schema(database);
            }
            case "mariadb" -> {
                mariadb("CREATE DATABASE IF NOT EXISTS " + database);
                return MARIADB.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
            }
            default -> throw new IllegalArgumentException("unknown store " + store);
        }
    }

    private void wipe() throws IOException, SQLException {
        String database = "mlops_scale_" + versions;
        switch (store) {
            case "file", "h2" -> {
                if (Files.exists(directory())) {
                    try (Stream<Path> files = Files.walk(directory())) {
                        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
            }
            case "postgresql" -> PostgresRegistries.drop(database);
            case "mariadb" -> mariadb("DROP DATABASE IF EXISTS " + database);
            default -> throw new IllegalArgumentException("unknown store " + store);
        }
    }

    private Path directory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "mlops-scale", store + "-" + versions);
    }

    private static void mariadb(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(MARIADB); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Whether a fill completed: both models with all their versions and one in PRODUCTION. */
    private boolean filled(ModelRegistry r) {
        List<ModelSummary> models = r.models();
        return models.stream().anyMatch(m -> m.name().equals(NAME) && m.versionCount() == versions
                        && m.productionVersion() > 0)
                && models.stream().anyMatch(m -> m.name().equals(SMALL) && m.versionCount() == SMALL_VERSIONS
                        && m.productionVersion() > 0);
    }

    /**
     * Registers the versions, each with a distinct 16-byte artifact, a team tag (one of ten) and an
     * AUC; the middle one goes to PRODUCTION and the newest 16 are archived, for the promotions. Then
     * the small model, its middle version in PRODUCTION.
     */
    private void fill() throws Exception {
        int threads = store.equals("file") ? 1 : FILL_THREADS;
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.incrementAndGet(); i <= versions; i = next.incrementAndGet()) {
                        register(NAME, i, versions);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        toProduction(NAME, versions / 2);
        for (int v = versions - 15; v <= versions; v++) {
            registry.promote(NAME, v, Stage.ARCHIVED, "fill");
        }
        for (int i = 1; i <= SMALL_VERSIONS; i++) {
            register(SMALL, i, SMALL_VERSIONS);
        }
        toProduction(SMALL, SMALL_VERSIONS / 2);
    }

    private void register(String name, int i, int of) {
        byte[] artifact = ByteBuffer.allocate(24).putLong(i).putLong(of).putLong(name.hashCode()).array();
        registry.register(RegisterRequest.builder(name, ArtifactSource.of(artifact))
                .tag("team", "t" + (i % 10)).metric("auc", 0.5 + ThreadLocalRandom.current().nextDouble() / 2)
                .build());
    }

    private void toProduction(String name, int version) {
        for (Stage stage : new Stage[] {Stage.TESTING, Stage.STAGING, Stage.PRODUCTION}) {
            registry.promote(name, version, stage, "fill");
        }
    }

    private int show(String name) {
        return Main.run(discard, discard, "models", "show", name + "@production", "--store", uri);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.close();
    }

    /** Opens a registry on the store and resolves the production version: what a service's start costs. */
    @Benchmark
    public ModelVersion firstResolveAfterOpen() {
        try (ModelRegistry fresh = ModelRegistries.builder(uri).refreshInterval(Duration.ZERO).open()) {
            return fresh.get(NAME + "@production");
        }
    }

    /**
     * The newest version. (On H2 this is the previous call's result while nothing changes: H2 answers
     * a repeated query from it.)
     */
    @Benchmark
    public ModelVersion newest() {
        return registry.get(NAME);
    }

    /**
     * One page (20) of the versions with a tag and an AUC range, newest first. Each call asks for
     * the next of the ten teams: H2 answers a query repeated on an unchanged database from the
     * previous result, which would time that cache instead of the search.
     */
    @Benchmark
    public Object tagAndMetricSearch() {
        team = (team + 1) % 10;
        return registry.search(VersionQuery.builder().name(NAME).tag("team", "t" + team).metric("auc", 0.9, 1.0)
                .pageSize(20).build());
    }

    /** An archived version of the newest 16 back to PRODUCTION: two promotions. */
    @Benchmark
    @OperationsPerInvocation(2)
    public ModelVersion promotion() {
        int next = versions - 15 + Math.floorMod(promoted - (versions - 15) + 1, 16);
        promoted = next;
        registry.promote(NAME, next, Stage.STAGING, "bench");
        return registry.promote(NAME, next, Stage.PRODUCTION, "bench");
    }

    /**
     * {@code mlops models show big@production} through the command's entry point, output discarded;
     * in one group with {@link #showSmall}, so that both run at the same time, under the same load.
     */
    @Benchmark
    @Group("show")
    @GroupThreads(1)
    public int showBig() {
        return show(NAME);
    }

    /** The same on the model of {@value #SMALL_VERSIONS} versions: the baseline of {@link #showBig}. */
    @Benchmark
    @Group("show")
    @GroupThreads(1)
    public int showSmall() {
        return show(SMALL);
    }
}
