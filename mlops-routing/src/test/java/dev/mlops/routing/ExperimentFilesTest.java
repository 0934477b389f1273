package dev.mlops.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.data.UnitHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExperimentFilesTest {

    static final String MINIMAL = """
        {"id": "churn-ab", "salt": "churn-2024",
         "variants": [{"name": "control", "model": "churn:7", "weight": 50},
                      {"name": "treatment", "model": "churn@challenger", "weight": 50}],
         "canary": null}
        """;

    @Test
    @DisplayName("the contract's shape reads into an experiment with defaults for what is left out")
    void minimal() {
        Experiment e = ExperimentFiles.parse(MINIMAL, "exp.json");
        assertThat(e.id()).isEqualTo("churn-ab");
        assertThat(e.salt()).isEqualTo("churn-2024");
        assertThat(e.phase()).isZero();
        assertThat(e.variants()).extracting(Variant::name).containsExactly("control", "treatment");
        assertThat(e.variants().get(1).model()).isEqualTo("churn@challenger");
        assertThat(e.control()).isEqualTo("control");
        assertThat(e.canary()).isEmpty();
        assertThat(e.allocation()).isEmpty();
        assertThat(e.analysis()).isEqualTo(AnalysisSettings.defaults());
        assertThat(e.shares()).containsExactly(0.5, 0.5);
        assertThat(ExperimentFiles.parse("\uFEFF" + MINIMAL, "bom.json")).isEqualTo(e);
    }

    @Test
    @DisplayName("every field survives a round trip, and the written allocation keeps later changes minimal")
    void roundTrip(@TempDir Path dir) {
        Experiment e = ExperimentFiles.parse("""
            {"id": "rollout", "salt": "s-ü", "phase": 2,
             "variants": [{"name": "stable", "model": "m:1", "weight": 3},
                          {"name": "other", "model": "m@champion", "weight": 1},
                          {"name": "canary", "model": "m:3", "weight": 0}],
             "control": "stable",
             "canary": {"variant": "canary", "percent": 5, "maxErrorRate": 0.02, "maxLatencyP99Ms": 250, "minRequests": 50},
             "analysis": {"metric": "revenue", "alpha": 0.01, "sequential": false, "tau": 0.2, "minimumSamples": 500,
                          "higherIsBetter": false, "power": 0.9, "minimumEffect": 0.5}}
            """, "exp.json");
        Path file = dir.resolve("exp.json");
        ExperimentFiles.write(file, e.withCanaryPercent(25));
        Experiment read = ExperimentFiles.read(file);
        assertThat(read.withAnalysis(e.analysis())).isEqualTo(read);
        assertThat(read.canary().orElseThrow().percent()).isEqualTo(25);
        assertThat(read.canary().orElseThrow().maxLatencyP99Millis()).hasValue(250);
        assertThat(read.slots()).isEqualTo(e.withCanaryPercent(25).slots());
        assertThat(ExperimentFiles.toJson(read)).isEqualTo(ExperimentFiles.toJson(e.withCanaryPercent(25)));
        // editing only the weights in the written file rebalances from its allocation: minimal
        String edited = ExperimentFiles.toJson(read).replace("\"percent\" : 25.0", "\"percent\" : 60.0");
        Experiment ramped = ExperimentFiles.parse(edited, "edited.json");
        assertThat(read.slots().movedSlots(ramped.slots())).isEqualTo(3500);
    }

    @Test
    @DisplayName("a bandit reads with its policy, epsilon and seed")
    void bandit() {
        Experiment e = ExperimentFiles.parse("""
            {"id": "b", "salt": "b", "variants": [{"name": "a", "model": "m:1", "weight": 1}, {"name": "b", "model": "m:2", "weight": 1}],
             "bandit": {"policy": "epsilon-greedy", "epsilon": 0.2, "seed": 9}}
            """, "b.json");
        assertThat(e.bandit()).contains(new Bandit(Bandit.Policy.EPSILON_GREEDY, 0.2, 9));
        assertThat(ExperimentFiles.parse(ExperimentFiles.toJson(e), "again").bandit()).isEqualTo(e.bandit());
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("bad files are refused with the field named")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "missing id                 | {\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":1}]}                      | 'id': is required",
        "salt not a string          | {\"id\":\"x\",\"salt\":5,\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":1}]}              | 'salt': must be a string",
        "negative weight            | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":-1}]}         | 'variants[0].weight': must be a non-negative number",
        "weight as text             | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":\"1\"}]}      | 'variants[0].weight': must be a number",
        "missing weight             | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\"}]}                       | 'variants[0].weight': is required",
        "misspelled field           | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"wieght\":1}]}          | 'variants[0].wieght': unknown field",
        "duplicate names            | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":1},{\"name\":\"a\",\"model\":\"m:2\",\"weight\":1}]} | 'variants[1].name': 'a' is the name of an earlier variant",
        "bad model reference        | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"no such:ref\",\"weight\":1}]} | 'variants[0]': variant 'a': model 'no such:ref' is not a registry reference",
        "all weights zero           | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":0}]}          | at least one weight must be positive",
        "no variants                | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[]}                                                        | variants must hold 1 to 100 variants",
        "variants not an array      | {\"id\":\"x\",\"salt\":\"s\",\"variants\":{}}                                                        | 'variants': must be an array",
        "canary percent too large   | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":1},{\"name\":\"b\",\"model\":\"m:2\",\"weight\":1}],\"canary\":{\"variant\":\"b\",\"percent\":120}} | 'canary.percent': must be in [0, 100]",
        "canary of unknown variant  | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":1}],\"canary\":{\"variant\":\"z\",\"percent\":1}} | 'canary.variant': 'z' is not one of the variants",
        "unknown control            | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":1}],\"control\":\"q\"} | 'control': 'q' is not one of the variants",
        "bad bandit policy          | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":1},{\"name\":\"b\",\"model\":\"m:2\",\"weight\":1}],\"bandit\":{\"policy\":\"greedy\"}} | 'bandit.policy': must be \"thompson\" or \"epsilon-greedy\"",
        "alpha out of range         | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":1}],\"analysis\":{\"alpha\":0.9}} | analysis.alpha must be in (0, 0.5]",
        "phase not an integer       | {\"id\":\"x\",\"salt\":\"s\",\"phase\":1.5,\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":1}]} | 'phase': must be an integer",
        "allocation slot twice      | {\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":1}],\"allocation\":{\"a\":[[0,10],[5,20]]}} | 'allocation.a[1]': slot 5 is listed twice",
        "not an object              | [1, 2]                                                                                           | the experiment must be a JSON object",
    })
    void refused(String name, String json, String message) {
        assertThatThrownBy(() -> ExperimentFiles.parse(json, "exp.json"))
            .isInstanceOf(RoutingInputException.class)
            .hasMessageStartingWith("exp.json")
            .hasMessageContaining(message);
    }

    @Test
    @DisplayName("a refusal names its source and the path of the field")
    void fieldOfARefusal() {
        String json = "{\"id\":\"x\",\"salt\":\"s\",\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":-1}]}";
        assertThatThrownBy(() -> ExperimentFiles.parse(json, "exp.json"))
            .isInstanceOfSatisfying(RoutingInputException.class, e -> {
                assertThat(e.source()).isEqualTo("exp.json");
                assertThat(e.field()).hasValue("variants[0].weight");
            });
        assertThatThrownBy(() -> ExperimentFiles.parse("[1, 2]", "exp.json"))
            .isInstanceOfSatisfying(RoutingInputException.class, e -> assertThat(e.field()).isEmpty());
    }

    @Test
    @DisplayName("broken JSON and duplicate keys are refused with the line")
    void brokenJson() {
        assertThatThrownBy(() -> ExperimentFiles.parse("{\n\"id\": \"x\",\n\"salt\": }", "exp.json"))
            .isInstanceOf(RoutingInputException.class)
            .hasMessageStartingWith("exp.json: line 3: not valid JSON")
            .satisfies(e -> assertThat(((RoutingInputException) e).line()).hasValue(3));
        assertThatThrownBy(() -> ExperimentFiles.parse("{\"id\": \"x\", \"id\": \"y\"}", "exp.json"))
            .hasMessageContaining("Duplicate field 'id'");
    }

    @Test
    @DisplayName("a missing file is refused with its name")
    void missingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> ExperimentFiles.read(missing))
            .isInstanceOf(RoutingInputException.class)
            .hasMessageContaining("nope.json")
            .hasMessageContaining("cannot read");
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    @DisplayName("removing a variant keeps everyone else where they were and hands its slots on")
    void removingVariant() {
        Experiment e = ExperimentFiles.parse("""
            {"id": "x", "salt": "s", "variants": [{"name": "a", "model": "m:1", "weight": 1},
              {"name": "b", "model": "m:2", "weight": 1}, {"name": "c", "model": "m:3", "weight": 1}]}
            """, "x");
        Experiment without = e.withVariants(java.util.List.of(e.variants().get(0), e.variants().get(2)));
        Allocation before = e.slots();
        Allocation after = without.slots();
        int moved = 0;
        for (int s = 0; s < UnitHash.SLOTS; s++) {
            String was = e.variants().get(before.ownerOf(s)).name();
            String now = without.variants().get(after.ownerOf(s)).name();
            if (!was.equals("b")) {
                assertThat(now).isEqualTo(was);
            } else {
                moved++;
            }
        }
        assertThat(moved).isEqualTo(3333);
        assertThat(e.withWeights(Map.of("a", 2.0)).shares()).containsExactly(0.5, 0.25, 0.25);
    }
}
