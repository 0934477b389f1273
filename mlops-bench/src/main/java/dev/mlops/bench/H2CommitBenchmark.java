package dev.mlops.bench;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
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

/**
 * What a durable commit costs on an H2 file database. H2 writes a commit to its file only after a
 * delay (500 ms by default); the JDBC store runs {@code CHECKPOINT SYNC} after every commit so that
 * an acknowledged write is on disk.
 *
 * <ul>
 *   <li>{@code h2-commit}: one row inserted and committed, as H2 does by default: not yet on disk
 *       when the commit returns (the baseline).
 *   <li>{@code h2-commit-sync}: the same, then {@code CHECKPOINT SYNC}, as the store does.
 *   <li>{@code mlops-h2}: one registration of a 64-byte artifact on an H2 file store: the artifact's
 *       commit and the version's (rows, audit entry, anchored head), each followed by the sync.
 *   <li>{@code mlops-file}: the same registration on the filesystem store, which forces its files.
 * </ul>
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar H2CommitBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class H2CommitBenchmark {

    /** What one operation is. */
    @Param({"h2-commit", "h2-commit-sync", "mlops-h2", "mlops-file"})
    public String impl;

    private Path dir;
    private Connection connection;
    private PreparedStatement insert;
    private Statement sync;
    private ModelRegistry registry;
    private final byte[] artifact = new byte[64];
    private long counter;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory("mlops-h2-bench");
        if (impl.startsWith("h2-")) {
            connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("raw").toAbsolutePath());
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE rows_written (id BIGINT PRIMARY KEY, payload VARCHAR(100))");
            }
            connection.setAutoCommit(false);
            insert = connection.prepareStatement("INSERT INTO rows_written (id, payload) VALUES (?, ?)");
            sync = connection.createStatement();
        } else {
            String uri = impl.equals("mlops-h2") ? "jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath()
                    : "file:" + dir.resolve("store");
            registry = ModelRegistries.builder(uri).actor("bench").refreshInterval(Duration.ZERO).open();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, SQLException {
        if (registry != null) {
            registry.close();
        }
        if (connection != null) {
            connection.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One committed write. */
    @Benchmark
    public Object commit() throws SQLException {
        counter++;
        if (registry != null) {
            ByteBuffer.wrap(artifact).putLong(counter);
            return registry.register(RegisterRequest.builder("bench", ArtifactSource.of(artifact)).build());
        }
        insert.setLong(1, counter);
        insert.setString(2, "row " + counter);
        insert.executeUpdate();
        connection.commit();
        if (impl.equals("h2-commit-sync")) {
            sync.execute("CHECKPOINT SYNC");
        }
        return counter;
    }
}
