package dev.mlops.bench;

import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

/**
 * Metadata-only registrations per second on PostgreSQL with 8 writers (target: at least 500/s):
 * each registration stores a distinct 64-byte artifact, then, in a second transaction, locks the
 * model's row and writes the version, its tags and metrics and an audit entry. Eight threads share
 * one registry (its pool has 10 connections) and register into {@code models} models, so that with
 * one model every registration waits for the model lock.
 *
 * <p>Against the floor: the same 8 threads each running one single-row INSERT and COMMIT per
 * operation, the least any durable write to the database costs.
 *
 * <p>Run from the repository root, against the local test database unless
 * {@code -jvmArgs -Dmlops.bench.postgres=jdbc:postgresql://host/db?user=u} names another:
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar JdbcRegistrationBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Threads(8)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JdbcRegistrationBenchmark {

    /** The registry, or the floor it is compared with. */
    @Param({"registry", "insertCommit"})
    public String impl;

    /** How many models the writers spread over. */
    @Param({"1", "8"})
    public int models;

    private final String schema = "mlops_bench_reg_" + ProcessHandle.current().pid();
    private String url;
    private ModelRegistry registry;
    private final AtomicLong counter = new AtomicLong();

    /** One writer. */
    @State(Scope.Thread)
    public static class Writer {
        private static final AtomicInteger NEXT = new AtomicInteger();
        final int id = NEXT.getAndIncrement();
        final byte[] artifact = new byte[64];
        Connection connection;
        PreparedStatement insert;

        @Setup(Level.Trial)
        public void connect(JdbcRegistrationBenchmark bench) throws SQLException {
            if (bench.impl.equals("insertCommit")) {
                connection = DriverManager.getConnection(bench.url);
                connection.setAutoCommit(false);
                insert = connection.prepareStatement("INSERT INTO floor_rows (id, payload) VALUES (?, ?)");
            }
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            if (connection != null) {
                connection.close();
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        url = PostgresRegistries.schema(schema);
        if (impl.equals("registry")) {
            registry = PostgresRegistries.open(url);
        } else {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE floor_rows (id BIGINT PRIMARY KEY, payload TEXT NOT NULL)");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        if (registry != null) {
            registry.close();
        }
        PostgresRegistries.drop(schema);
    }

    /** One registration (or one insert and commit). */
    @Benchmark
    public Object register(Writer writer) throws SQLException {
        long n = counter.incrementAndGet();
        if (impl.equals("insertCommit")) {
            writer.insert.setLong(1, n);
            writer.insert.setString(2, "row " + n);
            writer.insert.executeUpdate();
            writer.connection.commit();
            return n;
        }
        ByteBuffer.wrap(writer.artifact).putLong(n);
        ModelVersion v = registry.register(RegisterRequest.builder("bench-" + (writer.id % models),
                ArtifactSource.of(writer.artifact.clone())).metric("auc", 0.9).metric("loss", 0.1)
                .tag("team", "t" + (n % 10)).tag("env", "prod").param("lr", "0.1").build());
        return v;
    }
}
