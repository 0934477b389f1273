package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mlops experiments and route record/analyze on a stored experiment follow the contract")
class ExperimentsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String store;
    private Path experiment;
    private Path units;

    @BeforeEach
    void files() throws IOException {
        store = "file:" + dir.resolve("store");
        experiment = Files.writeString(dir.resolve("exp.json"), """
                {"id":"pricing","salt":"2026-q4","variants":[
                  {"name":"control","model":"churn:1","weight":1},
                  {"name":"treatment","model":"churn:2","weight":1}],"canary":null}
                """);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            ids.add("user-" + i);
        }
        units = Files.write(dir.resolve("units.txt"), ids);
    }

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store));
        return CliRun.of(all.toArray(String[]::new));
    }

    private JsonNode json(CliRun run) throws IOException {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private Map<String, String> assign(String exp) {
        CliRun run = run("route", "assign", "--experiment", exp, "--units", units.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, String> variants = new HashMap<>();
        run.out().lines().forEach(l -> variants.put(l.substring(0, l.indexOf(',')), l.substring(l.indexOf(',') + 1)));
        return variants;
    }

    @Test
    @DisplayName("create, show, list; a third arm moves exactly its share; pause, resume and stop reach assign")
    void lifecycle() throws IOException {
        JsonNode created = json(run("experiments", "create", "--file", experiment.toString(), "--actor", "ana",
                "--format", "json"));
        assertThat(created.get("revision").asLong()).isEqualTo(1);
        assertThat(created.get("state").asText()).isEqualTo("running");
        assertThat(created.get("updatedBy").asText()).isEqualTo("ana");
        assertThat(run("experiments", "create", "--file", experiment.toString()).exitCode()).isEqualTo(4);

        Map<String, String> fromFile = assign(experiment.toString());
        assertThat(assign("pricing")).isEqualTo(fromFile);

        JsonNode three = json(run("experiments", "set-weights", "pricing", "bundle=1", "--add", "bundle=churn:3",
                "--reason", "third arm", "--format", "json"));
        assertThat(three.get("revision").asLong()).isEqualTo(2);
        assertThat(three.get("variants")).hasSize(3);
        Map<String, String> after = assign("pricing");
        long moved = 0;
        for (Map.Entry<String, String> e : fromFile.entrySet()) {
            if (!after.get(e.getKey()).equals(e.getValue())) {
                assertThat(after.get(e.getKey())).isEqualTo("bundle");
                moved++;
            }
        }
        assertThat(moved).isBetween(1800L, 2200L);  // a third of 6000, give or take the hash; never half

        json(run("experiments", "pause", "pricing", "--reason", "incident", "--format", "json"));
        assertThat(assign("pricing").values()).containsOnly("control");
        json(run("experiments", "resume", "pricing", "--format", "json"));
        assertThat(assign("pricing")).isEqualTo(after);
        JsonNode stopped = json(run("experiments", "stop", "pricing", "--format", "json"));
        assertThat(stopped.get("state").asText()).isEqualTo("stopped");
        assertThat(run("experiments", "set-weights", "pricing", "control=2").exitCode()).isEqualTo(4);

        JsonNode list = json(run("experiments", "list", "--format", "json"));
        assertThat(list).hasSize(1);
        JsonNode history = json(run("experiments", "history", "pricing", "--format", "json"));
        assertThat(history).hasSize(5);
        assertThat(history.get(1).get("reason").asText()).isEqualTo("third arm");
        assertThat(run("experiments", "show", "pricing").out()).contains("revision 5", "stopped", "bundle");
    }

    @Test
    @DisplayName("bad weights, unknown variants and unknown experiments are refused with nothing written")
    void badInput() throws IOException {
        json(run("experiments", "create", "--file", experiment.toString(), "--format", "json"));
        for (String[] bad : List.of(new String[] {"control=-1"}, new String[] {"control=NaN"},
                new String[] {"control=0", "treatment=0"}, new String[] {"ghost=1"}, new String[] {"control"},
                new String[] {"control=abc"}, new String[] {})) {
            List<String> args = new ArrayList<>(List.of("experiments", "set-weights", "pricing"));
            args.addAll(List.of(bad));
            CliRun r = run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(String.join(" ", bad) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).isNotBlank();
        }
        assertThat(run("experiments", "show", "nope").exitCode()).isEqualTo(3);
        assertThat(run("experiments", "pause", "nope").exitCode()).isEqualTo(3);
        assertThat(run("route", "assign", "--experiment", "nope", "--units", units.toString()).exitCode()).isEqualTo(3);
        Path events = Files.writeString(dir.resolve("bad.csv"), "unit,variant,converted\nu1,control,1\nu2,ghost,0\n");
        CliRun unknownVariant = run("route", "record", "--experiment", "pricing", "--events", events.toString(),
                "--instance", "pod-1");
        assertThat(unknownVariant.exitCode()).isEqualTo(2);
        assertThat(unknownVariant.err()).contains("ghost", "line 3");
        assertThat(json(run("experiments", "show", "pricing", "--format", "json")).get("revision").asLong()).isEqualTo(1);
        CliRun noCounts = run("route", "analyze", "--experiment", "pricing");
        assertThat(noCounts.exitCode()).isEqualTo(2);
    }

    @Test
    @DisplayName("concurrent changes: each one wins or exits 4, and the log holds exactly the winners")
    void concurrentChanges() throws Exception {
        json(run("experiments", "create", "--file", experiment.toString(), "--format", "json"));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int weight = i + 1;
                runs.add(pool.submit(() -> run("experiments", "set-weights", "pricing", "control=" + weight).exitCode()));
            }
            int won = 0;
            for (Future<Integer> f : runs) {
                int code = f.get();
                assertThat(code).isIn(0, 4);
                won += code == 0 ? 1 : 0;
            }
            assertThat(json(run("experiments", "history", "pricing", "--format", "json"))).hasSize(1 + won);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("route analyze merges every instance's recorded window and equals the analysis of the union")
    void recordAndAnalyze() throws IOException {
        json(run("experiments", "create", "--file", experiment.toString(), "--format", "json"));
        Random random = new Random(11);
        List<String> union = new ArrayList<>(List.of("unit,variant,metric,value"));
        int unit = 0;
        for (int instance = 0; instance < 3; instance++) {
            for (int window = 0; window < 2; window++) {
                List<String> rows = new ArrayList<>(List.of("unit,variant,metric,value"));
                for (int i = 0; i < 400; i++, unit++) {
                    String variant = random.nextBoolean() ? "control" : "treatment";
                    rows.add("u" + unit + "," + variant + ",revenue," + (10 + random.nextGaussian() * 4
                            + (variant.equals("treatment") ? 0.6 : 0)));
                    if (random.nextBoolean()) {
                        rows.add("u" + unit + "," + variant + ",revenue," + (5 + random.nextGaussian()));
                    }
                }
                union.addAll(rows.subList(1, rows.size()));
                Path file = Files.write(dir.resolve("events-" + instance + "-" + window + ".csv"), rows);
                String start = "2026-03-01T0" + window + ":00:00Z";
                JsonNode recorded = json(run("route", "record", "--experiment", "pricing", "--events", file.toString(),
                        "--instance", "pod-" + instance, "--window", start, "--format", "json"));
                assertThat(recorded.get("instance").asText()).isEqualTo("pod-" + instance);
                assertThat(recorded.get("events").asLong()).isEqualTo(rows.size() - 1);
                if (instance == 1) {  // recorded again: replaced, not added
                    json(run("route", "record", "--experiment", "pricing", "--events", file.toString(), "--instance",
                            "pod-" + instance, "--window", start, "--format", "json"));
                }
            }
        }
        Path unionFile = Files.write(dir.resolve("union.csv"), union);
        JsonNode fleet = json(run("route", "analyze", "--experiment", "pricing", "--format", "json"));
        JsonNode pooled = json(run("route", "analyze", "--experiment", "pricing", "--events", unionFile.toString(),
                "--format", "json"));
        assertThat(fleet.get("instances")).hasSize(3);
        assertThat(fleet.get("instances").get(0).asText()).isEqualTo("pod-0");
        assertThat(((com.fasterxml.jackson.databind.node.ObjectNode) fleet).remove("instances")).isNotNull();
        assertClose(fleet, pooled, "$");
        assertThat(fleet.get("variants").get(0).get("count").asLong() + fleet.get("variants").get(1).get("count").asLong())
                .isEqualTo(2400);
        assertThat(run("route", "analyze", "--experiment", "pricing").out()).contains("Instances: pod-0, pod-1, pod-2");
    }

    /** Equal trees, numbers to 1e-12 (relative above 1), integers exactly. */
    private static void assertClose(JsonNode actual, JsonNode expected, String path) {
        if (expected.isNumber() && expected.isIntegralNumber()) {
            assertThat(actual.asLong()).as(path).isEqualTo(expected.asLong());
        } else if (expected.isNumber()) {
            assertThat(actual.asDouble()).as(path).isCloseTo(expected.asDouble(),
                    org.assertj.core.api.Assertions.within(1e-12 * Math.max(1, Math.abs(expected.asDouble()))));
        } else if (expected.isContainerNode()) {
            assertThat(actual.size()).as(path).isEqualTo(expected.size());
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    assertClose(actual.get(i), expected.get(i), path + "[" + i + "]");
                }
            } else {
                for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    assertThat(actual.has(name)).as(path + "." + name).isTrue();
                    assertClose(actual.get(name), expected.get(name), path + "." + name);
                }
            }
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }
}
