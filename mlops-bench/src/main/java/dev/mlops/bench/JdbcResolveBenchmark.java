package dev.mlops.bench;

import dev.mlops.registry.ModelRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * Cold resolution of {@code NAME@production} in a PostgreSQL registry of 100,000 versions (100
 * models x 1000; see {@link PostgresRegistries#searchRegistry()}), as a latency distribution
 * (SampleTime: read the p0.99 row; target at most 3 ms). Each call is {@code get("bench-NNN@production")}
 * for a random model, which always asks the store (the registry caches loaded models, not
 * references). Against the floor: one prepared single-row SELECT by primary key on a plain
 * connection.
 *
 * <p>The registry is filled once (a minute or two) and kept in the schema {@code mlops_bench_100k}
 * for later runs.
 *
 * <p>Run from the repository root, against the local test database unless
 * {@code -jvmArgs -Dmlops.bench.postgres=jdbc:postgresql://host/db?user=u} names another:
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar JdbcResolveBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JdbcResolveBenchmark {

    /** The registry, or the floor it is compared with. */
    @Param({"registry", "primaryKeySelect"})
    public String impl;

    private ModelRegistry registry;
    private Connection plain;
    private PreparedStatement byKey;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String url = PostgresRegistries.searchRegistry();
        registry = PostgresRegistries.open(url);
        plain = DriverManager.getConnection(url);
        byKey = plain.prepareStatement("SELECT stage FROM mlops_versions WHERE name = ? AND version = ?");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        registry.close();
        plain.close();
    }

    /** The version in PRODUCTION of a random model, resolved through the store every time. */
    @Benchmark
    public Object resolveProduction() throws SQLException {
        String name = PostgresRegistries.modelName(
                ThreadLocalRandom.current().nextInt(PostgresRegistries.MODELS));
        if (impl.equals("registry")) {
            return registry.get(name + "@production");
        }
        byKey.setString(1, name);
        byKey.setInt(2, PostgresRegistries.VERSIONS_PER_MODEL);
        try (ResultSet rs = byKey.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
