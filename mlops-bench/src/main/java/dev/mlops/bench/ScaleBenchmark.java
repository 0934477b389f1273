package dev.mlops.bench;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import dev.mlops.registry.VersionQuery;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * a tag + metric search (SampleTime: read p0.95), and one promotion to PRODUCTION (a staged version
 * over the current one; each invocation moves a version ARCHIVED → STAGING → PRODUCTION, two
 * promotions). The growth is the figure at 10,000 (or 100,000) versions over the one at 1,000.
 *
 * <p>Each store is filled once through the registry (10,000 versions take a minute or two) and kept
 * in {@code java.io.tmpdir}/mlops-scale for later runs. Run from the repository root:
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar ScaleBenchmark -p versions=1000,10000 -f 1 -wi 2 -i 3 -w 1 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScaleBenchmark {

    private static final String NAME = "big";

    /** The store: the filesystem store, or an H2 file database. */
    @Param({"file", "h2"})
    public String store;

    /** How many versions the model has. */
    @Param({"1000", "10000", "100000"})
    public int versions;

    private String uri;
    private ModelRegistry registry;
    private int promoted;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mlops-scale", store + "-" + versions);
        uri = store.equals("file") ? "file:" + dir.resolve("store") : "jdbc:h2:" + dir.resolve("registry");
        boolean filled = Files.exists(dir.resolve("filled"));
        Files.createDirectories(dir);
        registry = ModelRegistries.builder(uri).actor("bench").refreshInterval(Duration.ZERO).open();
        if (!filled) {
            fill();
            Files.createFile(dir.resolve("filled"));
        }
        promoted = registry.get(NAME + "@production").version();
    }

    /**
     * Registers the versions, each with a distinct 16-byte artifact, a team tag (one of ten) and an
     * AUC; the middle one goes to PRODUCTION and the newest 16 are archived, for the promotions.
     */
    private void fill() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 1; i <= versions; i++) {
            byte[] artifact = ByteBuffer.allocate(16).putLong(i).putLong(versions).array();
            registry.register(RegisterRequest.builder(NAME, ArtifactSource.of(artifact))
                    .tag("team", "t" + (i % 10)).metric("auc", 0.5 + random.nextDouble() / 2).build());
            if (i == versions / 2) {
                for (Stage stage : new Stage[] {Stage.TESTING, Stage.STAGING, Stage.PRODUCTION}) {
                    registry.promote(NAME, i, stage, "fill");
                }
            }
            if (i > versions - 16) {
                registry.promote(NAME, i, Stage.ARCHIVED, "fill");
            }
        }
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

    /** The newest version. */
    @Benchmark
    public ModelVersion newest() {
        return registry.get(NAME);
    }

    /** One page (20) of the versions with a tag and an AUC range, newest first. */
    @Benchmark
    public Object tagAndMetricSearch() {
        return registry.search(VersionQuery.builder().name(NAME).tag("team", "t3").metric("auc", 0.9, 1.0)
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
}
