package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    @DisplayName("an undefined number is written as null and read back as NaN, a missing one too")
    void undefinedNumbers() {
        ObjectNode node = Json.object();
        Json.number(node, "auc", 0.75);
        Json.number(node, "logLoss", Double.NaN);
        assertThat(Json.write(node)).isEqualTo("{\"auc\":0.75,\"logLoss\":null}");
        assertThat(Json.number(node, "auc")).isEqualTo(0.75);
        assertThat(Json.number(node, "logLoss")).isNaN();
        assertThat(Json.number(node, "f1")).isNaN();
    }

    @Test
    @DisplayName("a metric map is written entry by entry in its order, undefined values as null")
    void metricMaps() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("recall", 0.5);
        metrics.put("auc", Double.NaN);
        ObjectNode root = Json.object();
        assertThat(Json.numbers(root.putObject("metrics"), metrics)).isSameAs(root.get("metrics"));
        assertThat(Json.write(root)).isEqualTo("{\"metrics\":{\"recall\":0.5,\"auc\":null}}");
    }

    @Test
    @DisplayName("values become trees as Jackson maps them; indented text has two spaces per level")
    void treesAndText() {
        JsonNode labels = Json.tree(List.of("benign", "malignant"));
        assertThat(Json.write(labels)).isEqualTo("[\"benign\",\"malignant\"]");
        ObjectNode node = Json.object();
        node.put("a", 1).putObject("b").put("c", true);
        assertThat(Json.writeIndented(node)).isEqualTo("{\n  \"a\" : 1,\n  \"b\" : {\n    \"c\" : true\n  }\n}");
        assertThat(Json.read(Json.writeIndented(node))).isEqualTo(node);
    }

    @Test
    @DisplayName("text that is not JSON is refused")
    void refusals() {
        assertThatThrownBy(() -> Json.read("{\"a\":")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> Json.read("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty JSON document");
        assertThatThrownBy(() -> Json.read("  \n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty JSON document");
    }
}
