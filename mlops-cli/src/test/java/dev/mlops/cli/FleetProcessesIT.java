package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.ModelStores;
import dev.mlops.routing.Analysis;
import dev.mlops.routing.Analyzer;
import dev.mlops.routing.EventFiles;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.Observations;
import dev.mlops.routing.StoredExperiments;
import dev.mlops.spi.ModelStore;
import dev.mlops.stats.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four JVMs route and record one stored experiment at once, one of them killed with
 * {@code kill -9} mid-run: the fleet's merged counts are exactly the pooled events each instance
 * had flushed, nothing lost that was flushed, nothing counted twice.
 */
@DisplayName("A fleet of four processes, one killed, merges to the pooled events")
class FleetProcessesIT {

    private static final int BATCHES = 40;
    private static final int BATCH_SIZE = 150;

    @TempDir
    Path dir;

    @Test
    @DisplayName("on the filesystem store")
    void filesystem() throws Exception {
        fleet("file:" + dir.resolve("store"));
    }

    @Test
    @DisplayName("on PostgreSQL")
    void postgres() throws Exception {
        String schema = "mlops_fleet_it_" + Long.toHexString(System.nanoTime());
        String server = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        try (Connection c = LocalPostgres.connect(server); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try {
            fleet(server + "&currentSchema=" + schema);
        } finally {
            try (Connection c = LocalPostgres.connect(server); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private void fleet(String uri) throws Exception {
        Path exp = Files.writeString(dir.resolve("exp.json"), """
                {"id":"checkout","salt":"fleet","variants":[
                  {"name":"control","model":"churn:1","weight":1},
                  {"name":"treatment","model":"churn:2","weight":1}],"canary":null,
                 "analysis":{"metric":"converted"}}
                """);
        CliRun created = CliRun.of("experiments", "create", "--file", exp.toString(), "--store", uri);
        assertThat(created.exitCode()).as(created.err()).isZero();
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path log = dir.resolve("pod-" + i + ".log");
            logs.add(log);
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", FleetWorker.class.getName(), uri, "checkout",
                    "pod-" + i, String.valueOf(BATCHES), String.valueOf(BATCH_SIZE), log.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("pod-" + i + ".out").toFile()).start());
        }
        Process victim = processes.get(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (flushedBatches(logs.get(2)) < 5 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).start().waitFor();
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 4; i++) {
            if (i != 2) {
                assertThat(processes.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(processes.get(i).exitValue()).as(Files.readString(dir.resolve("pod-" + i + ".out"))).isZero();
            }
        }
        assertThat(flushedBatches(logs.get(2))).as("killed mid-run").isLessThan(BATCHES);

        try (ModelStore store = ModelStores.open(uri, Map.of())) {
            StoredExperiments experiments = StoredExperiments.of(store, InstantSource.system());
            Experiment experiment = experiments.get("checkout").experiment();
            StoredExperiments.Merged merged = experiments.counts("checkout");
            assertThat(merged.instances()).containsExactly("pod-0", "pod-1", "pod-2", "pod-3");
            Observations fleet = merged.counts().observations(experiment);
            // the killed instance's store holds its events through its last completed flush, or
            // through the flush it was in when killed
            List<String> lines = Files.readAllLines(logs.get(2));
            List<Long> candidates = lines.stream().filter(l -> l.startsWith("#flush"))
                    .map(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1))).distinct().toList();
            long fleetUnits = fleet.units().stream().mapToLong(Long::longValue).sum();
            long survivors = 3L * BATCHES * BATCH_SIZE;
            long victimUnits = fleetUnits - survivors;
            assertThat(candidates).as("the killed instance's flushed units").contains(victimUnits);

            Path pooled = dir.resolve("pooled.csv");
            List<String> rows = new ArrayList<>(List.of("unit,variant,metric,value"));
            for (int i = 0; i < 4; i++) {
                long limit = i == 2 ? victimUnits : Long.MAX_VALUE;
                for (String line : Files.readAllLines(logs.get(i))) {
                    if (!line.startsWith("#") && unitNumber(line) < limit) {
                        rows.add(line);
                    }
                }
            }
            Files.write(pooled, rows);
            Observations union = EventFiles.read(pooled, experiment);
            assertThat(fleet.units()).isEqualTo(union.units());
            for (String metric : List.of("converted", "revenue")) {
                for (int v = 0; v < 2; v++) {
                    Sample a = fleet.metric(metric).orElseThrow().samples().get(v);
                    Sample b = union.metric(metric).orElseThrow().samples().get(v);
                    assertThat(a.count()).isEqualTo(b.count());
                    assertThat(a.mean()).isCloseTo(b.mean(), within(1e-12 * Math.abs(b.mean())));
                    assertThat(a.variance()).isCloseTo(b.variance(), within(1e-10 * b.variance()));
                }
            }
            Analysis fromFleet = new Analyzer().analyze(experiment, fleet);
            Analysis fromUnion = new Analyzer().analyze(experiment, union);
            assertThat(fromFleet.decision()).isEqualTo(fromUnion.decision());
            for (int t = 0; t < fromUnion.tests().size(); t++) {
                assertThat(fromFleet.tests().get(t).adjustedPValue())
                        .isCloseTo(fromUnion.tests().get(t).adjustedPValue(), within(1e-10));
            }
        }
        CliRun analyzed = CliRun.of("route", "analyze", "--experiment", "checkout", "--store", uri, "--format", "json");
        assertThat(analyzed.exitCode()).as(analyzed.err()).isZero();
        assertThat(analyzed.out()).contains("\"instances\"", "pod-2");
    }

    /** The number of the unit a log line is about ({@code pod-2-1234,...}). */
    private static long unitNumber(String line) {
        String unit = line.substring(0, line.indexOf(','));
        return Long.parseLong(unit.substring(unit.lastIndexOf('-') + 1));
    }

    private static long flushedBatches(Path log) throws java.io.IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("#flushed")).count();
    }
}
