package dev.mlops.bench;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import dev.mlops.training.TribuoFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The filesystem registry's two costs that services feel, each next to its floor.
 *
 * <ul>
 *   <li>{@code resolve}: a warm {@code load("bench@production")}, i.e. the per-request cost of
 *       asking the registry for the serving model, against a bare {@link ConcurrentHashMap} lookup.
 *   <li>{@code register}: registering a 1 MiB artifact (stream, SHA-256, fsync, atomic rename,
 *       directory fsync, then the metadata transaction), against writing and fsyncing the same bytes
 *       to a file with the same hashing and rename.
 * </ul>
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar RegistryBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RegistryBenchmark {

    /** The registry, or the floor it is compared with. */
    @Param({"registry", "baseline"})
    public String impl;

    private Path dir;
    private ModelRegistry registry;
    private final Map<String, Model<Label>> plainMap = new ConcurrentHashMap<>();
    private final TribuoFormat<Label> format = TribuoFormat.of(Label.class);
    private final byte[] artifact = new byte[1024 * 1024];
    private long counter;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("mlops-bench");
        registry = ModelRegistries.builder("file:" + dir.resolve("store")).actor("bench").open();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("bench", new LabelFactory()), new LabelFactory());
        data.add(new ArrayExample<>(new Label("yes"), new String[] {"x"}, new double[] {1}));
        Model<Label> model = DummyClassifierTrainer.createConstantTrainer("yes").train(data);
        registry.register(RegisterRequest.builder("bench", ArtifactSource.of(TribuoFormat.toBytes(model)))
                .format(TribuoFormat.NAME).build());
        for (Stage stage : new Stage[] {Stage.TESTING, Stage.STAGING, Stage.PRODUCTION}) {
            registry.promote("bench", 1, stage, "benchmark");
        }
        plainMap.put("bench@production", registry.load("bench@production", format));
        new Random(42).nextBytes(artifact);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        registry.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The serving model for a reference, warm. */
    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Model<Label> resolve() {
        return impl.equals("registry") ? registry.load("bench@production", format)
                : plainMap.get("bench@production");
    }

    /** One new version with a distinct 1 MiB artifact (distinct, so nothing is deduplicated). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object register() throws Exception {
        ByteBuffer.wrap(artifact).putLong(++counter);
        if (impl.equals("registry")) {
            return registry.register(RegisterRequest.builder("upload", ArtifactSource.of(artifact))
                    .build());
        }
        return writeDurably(artifact);
    }

    /** The floor: hash, write, fsync, atomic rename, fsync the directory. */
    private byte[] writeDurably(byte[] bytes) throws Exception {
        Path temp = dir.resolve("tmp-" + counter);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] digest = sha.digest(bytes);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(temp, dir.resolve("blob-" + counter), StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digest;
    }
}
