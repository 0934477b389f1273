package dev.mlops.bench;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.UnitHash;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.routing.Assigner;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.Router;
import dev.mlops.training.TribuoFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Assigning a unit to a variant, ours next to the SHA-256 approach (the hash of salt + "." + unit
 * id, its first 8 bytes modulo 10,000, as Statsig and our first seeds do), on the same 16-character
 * ids and the same slot table, in the same run.
 *
 * <ul>
 *   <li>{@code assign}: unit id → variant index (ours: {@link Assigner#variantIndex}).</li>
 *   <li>{@code route}: the full routing path with the per-variant counter (ours:
 *       {@link Router#route}; SHA-256: the assignment plus a {@link LongAdder} increment).</li>
 *   <li>{@code routeOneThread} / {@code routeTwoThreads}: throughput of {@code route} on one and
 *       on two threads sharing one router, to show it scales.</li>
 * </ul>
 *
 * <p>Run from the repository root (about two minutes on two cores):
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar RouterBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RouterBenchmark {

    /** The assignment under measurement. */
    public enum Impl { SHA256, MLOPS }

    static final int IDS = 1024;

    @Param({"SHA256", "MLOPS"})
    public Impl impl;

    private Path dir;
    private ModelRegistry registry;
    private Router<Model<Label>> router;
    private Assigner assigner;
    private int[] owners;
    private String salt;
    private final LongAdder[] counters = {new LongAdder(), new LongAdder()};

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Experiment experiment = Experiment.builder("bench", "bench-salt-2024")
            .variant("control", "churn:1", 50).variant("treatment", "churn:2", 50).build();
        dir = Files.createTempDirectory("mlops-router-bench");
        registry = ModelRegistries.builder("file:" + dir).actor("bench").open();
        router = Router.builder(registry, TribuoFormat.of(Label.class), experiment).build();
        assigner = Assigner.of(experiment);
        salt = experiment.salt();
        owners = owners(assigner);
    }

    /** The arm owning each slot, for the SHA-256 baseline's lookup. */
    static int[] owners(Assigner assigner) {
        int[] owners = new int[UnitHash.SLOTS];
        for (int s = 0; s < owners.length; s++) {
            owners[s] = assigner.allocation().ownerOf(s);
        }
        return owners;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        router.close();
        registry.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Each thread cycles through its own 1024 random 16-character ids and keeps its own digest. */
    @State(Scope.Thread)
    public static class Ids {
        final String[] ids = new String[IDS];
        int next;
        MessageDigest sha256;

        @Setup(Level.Trial)
        public void setUp() throws NoSuchAlgorithmException {
            SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
            for (int i = 0; i < IDS; i++) {
                ids[i] = String.format("user-%011d", random.nextLong(100_000_000_000L));
            }
            sha256 = MessageDigest.getInstance("SHA-256");
        }

        String next() {
            return ids[next++ & (IDS - 1)];
        }

        /** The SHA-256 approach's slot of a unit: the digest's first 8 bytes of "salt.unit", modulo the slots. */
        int sha256Slot(String salt, String unit) {
            byte[] digest = sha256.digest((salt + "." + unit).getBytes(StandardCharsets.UTF_8));
            long hash = 0;
            for (int i = 0; i < 8; i++) {
                hash = hash << 8 | (digest[i] & 0xFF);
            }
            return (int) Long.remainderUnsigned(hash, UnitHash.SLOTS);
        }
    }

    private int sha256Variant(Ids state, String unit) {
        return owners[state.sha256Slot(salt, unit)];
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int assign(Ids state) {
        String unit = state.next();
        return impl == Impl.MLOPS ? assigner.variantIndex(unit) : sha256Variant(state, unit);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object route(Ids state) {
        return routeOnce(state);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public Object routeOneThread(Ids state) {
        return routeOnce(state);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(2)
    public Object routeTwoThreads(Ids state) {
        return routeOnce(state);
    }

    private Object routeOnce(Ids state) {
        String unit = state.next();
        if (impl == Impl.MLOPS) {
            return router.route(unit);
        }
        LongAdder counter = counters[sha256Variant(state, unit)];
        counter.increment();
        return counter;
    }
}
