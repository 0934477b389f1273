package dev.mlops.bench;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.VersionQuery;
import java.sql.SQLException;
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
 * Search in a PostgreSQL registry of 100,000 tagged versions (100 models x 1000; see
 * {@link PostgresRegistries#searchRegistry()}), as a latency distribution (SampleTime: read the
 * p0.95 row; target at most 20 ms for {@code tagMetric}).
 *
 * <ul>
 *   <li>{@code tagMetric}: the newest 100 versions across all models with {@code team=t3} and
 *       {@code auc} in [0.80, 0.90] (about 2,000 match);
 *   <li>{@code tag}: the newest 100 with {@code team=t3} (about 10,000 match);
 *   <li>{@code tagMetricNextPage}: the second page of {@code tagMetric}, through its token.
 * </ul>
 *
 * <p>The registry is filled once (a minute or two) and kept in the schema {@code mlops_bench_100k}
 * for later runs.
 *
 * <p>Run from the repository root, against the local test database unless
 * {@code -jvmArgs -Dmlops.bench.postgres=jdbc:postgresql://host/db?user=u} names another:
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar JdbcSearchBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JdbcSearchBenchmark {

    /** Which query. */
    @Param({"tagMetric", "tag", "tagMetricNextPage"})
    public String query;

    private ModelRegistry registry;
    private VersionQuery search;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String url = PostgresRegistries.searchRegistry();
        registry = PostgresRegistries.open(url);
        VersionQuery.Builder q = VersionQuery.builder().tag("team", "t3").pageSize(100);
        if (!query.equals("tag")) {
            q.metric("auc", 0.80, 0.90);
        }
        search = q.build();
        if (query.equals("tagMetricNextPage")) {
            search = VersionQuery.builder().tag("team", "t3").metric("auc", 0.80, 0.90).pageSize(100)
                    .pageToken(registry.search(search).nextPageToken()).build();
        }
        Page<ModelVersion> page = registry.search(search);
        if (page.items().size() != 100 || !page.hasNext()) {
            throw new IllegalStateException("the search registry is not as expected: "
                    + page.items().size() + " results");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        registry.close();
    }

    /** One page of 100 search results, newest first. */
    @Benchmark
    public Page<ModelVersion> search() {
        return registry.search(search);
    }
}
