package dev.mlops.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.onnx.internal.OnnxGraph;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The ONNX graph reader")
class OnnxGraphTest {

    @Test
    @DisplayName("reads nodes, attributes and outputs as onnx.helper wrote them")
    void reads() {
        OnnxGraph graph = OnnxGraph.read(OnnxModels.CREDIT_LINEAR.bytes());
        assertThat(graph.outputs()).containsExactly("output_label", "output_probability");
        OnnxGraph.Node zipMap = graph.nodes("ai.onnx.ml", "ZipMap").get(0);
        assertThat(zipMap.inputs()).containsExactly("probability_tensor");
        assertThat(zipMap.attribute("classlabels_strings").orElseThrow().strings()).containsExactly("bad", "good");
        OnnxGraph.Node linear = graph.producer("probability_tensor").orElseThrow();
        assertThat(linear.opType()).isEqualTo("LinearClassifier");
        assertThat(linear.attribute("post_transform").orElseThrow().strings()).containsExactly("LOGISTIC");
        assertThat(linear.attribute("multi_class").orElseThrow().ints()).containsExactly(0L);
        assertThat(graph.nodes("ai.onnx.ml", "OneHotEncoder")).hasSize(13);
        OnnxGraph.Node forest = OnnxGraph.read(OnnxModels.CANCER_FOREST.bytes()).nodes().get(0);
        assertThat(forest.attribute("classlabels_int64s").orElseThrow().ints()).containsExactly(0L, 1L);
        assertThat(forest.attribute("nodes_values").orElseThrow().floats()).hasSameSizeAs(
                forest.attribute("nodes_nodeids").orElseThrow().ints());
    }

    @Test
    @DisplayName("adds outputs to the main graph, leaving the rest as it was")
    void addsOutputs() {
        byte[] model = OnnxModels.CREDIT_LINEAR.bytes();
        OnnxGraph before = OnnxGraph.read(model);
        OnnxGraph after = OnnxGraph.read(OnnxGraph.withFloatOutputs(model, List.of("probability_tensor", "scaled")));
        assertThat(after.outputs()).containsExactly("output_label", "output_probability", "probability_tensor", "scaled");
        assertThat(after.nodes()).isEqualTo(before.nodes());
    }
}
