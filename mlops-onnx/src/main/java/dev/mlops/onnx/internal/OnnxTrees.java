package dev.mlops.onnx.internal;

import dev.mlops.model.Tree;
import dev.mlops.model.TreeEnsemble;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trees of an ONNX {@code TreeEnsembleClassifier} (ai.onnx.ml) as a {@link TreeEnsemble}, so
 * that ONNX tree models get TreeSHAP explanations: when the ensemble reads the model's one input
 * directly and its probabilities are the model's (possibly through a ZipMap), with the
 * post-transform {@code NONE} (a random forest's averaged class shares) or {@code SOFTMAX}
 * (multiclass boosting), and every split {@code BRANCH_LEQ} or every split {@code BRANCH_LT}.
 * Covers come from {@code nodes_hitrates} when the model has them; without, prediction works and
 * TreeSHAP refuses.
 */
public final class OnnxTrees {

    private static final Logger log = LoggerFactory.getLogger(OnnxTrees.class);
    private static final String ML = "ai.onnx.ml";

    private OnnxTrees() {
    }

    /**
     * The ensemble, if the graph is one such classifier.
     *
     * @param input the model's one input, whose columns are {@code features}
     * @param probabilities the output the model's probabilities are read from
     * @param classes the class labels in the order of the classifier's class ids
     */
    public static Optional<TreeEnsemble> of(OnnxGraph graph, String input, List<String> features, String probabilities,
            List<String> classes) {
        List<OnnxGraph.Node> ensembles = graph.nodes(ML, "TreeEnsembleClassifier");
        if (ensembles.size() != 1) {
            return Optional.empty();
        }
        OnnxGraph.Node node = ensembles.get(0);
        String scores = node.outputs().size() > 1 ? node.outputs().get(1) : "";
        boolean direct = scores.equals(probabilities) || graph.producer(probabilities)
                .filter(z -> z.opType().equals("ZipMap") && z.inputs().contains(scores)).isPresent();
        if (!node.inputs().equals(List.of(input)) || !direct) {
            return Optional.empty();
        }
        try {
            return convert(node, features, classes);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            log.debug("The ONNX tree ensemble cannot be read as trees: {}", e.toString());
            return Optional.empty();
        }
    }

    private static Optional<TreeEnsemble> convert(OnnxGraph.Node node, List<String> features, List<String> classes) {
        String post = strings(node, "post_transform").stream().findFirst().orElse("NONE");
        TreeEnsemble.Transform transform = switch (post) {
            case "NONE" -> TreeEnsemble.Transform.NORMALIZE;
            case "SOFTMAX" -> TreeEnsemble.Transform.SOFTMAX;
            default -> null;
        };
        Set<String> modes = new TreeSet<>(strings(node, "nodes_modes"));
        modes.remove("LEAF");
        if (transform == null || modes.size() != 1 || !Set.of("BRANCH_LEQ", "BRANCH_LT").containsAll(modes)) {
            log.debug("ONNX tree ensemble with post_transform {} and splits {}: not read as trees", post, modes);
            return Optional.empty();
        }
        TreeEnsemble.Split split = modes.contains("BRANCH_LT") ? TreeEnsemble.Split.LESS
                : TreeEnsemble.Split.LESS_OR_EQUAL;
        long[] treeIds = ints(node, "nodes_treeids");
        long[] nodeIds = ints(node, "nodes_nodeids");
        long[] featureIds = ints(node, "nodes_featureids");
        double[] thresholds = floats(node, "nodes_values");
        long[] trueIds = ints(node, "nodes_truenodeids");
        long[] falseIds = ints(node, "nodes_falsenodeids");
        List<String> nodeModes = strings(node, "nodes_modes");
        long[] missingTrue = ints(node, "nodes_missing_value_tracks_true");
        double[] hitRates = floats(node, "nodes_hitrates");
        long[] leafTrees = ints(node, "class_treeids");
        long[] leafNodes = ints(node, "class_nodeids");
        long[] leafClasses = ints(node, "class_ids");
        double[] weights = floats(node, "class_weights");
        double[] base = floats(node, "base_values");
        int outputs = classes.size();

        // per tree: ONNX node id -> attribute position
        Map<Long, Map<Long, Integer>> positions = new TreeMap<>();
        for (int i = 0; i < treeIds.length; i++) {
            positions.computeIfAbsent(treeIds[i], t -> new HashMap<>()).put(nodeIds[i], i);
        }
        Map<Long, Nodes> built = new HashMap<>();
        for (Map.Entry<Long, Map<Long, Integer>> tree : positions.entrySet()) {
            Map<Long, Integer> at = tree.getValue();
            Set<Long> children = new HashSet<>();
            for (int i : at.values()) {
                if (!nodeModes.get(i).equals("LEAF")) {
                    children.add(trueIds[i]);
                    children.add(falseIds[i]);
                }
            }
            List<Long> roots = at.keySet().stream().filter(id -> !children.contains(id)).toList();
            if (roots.size() != 1) {
                throw new IllegalArgumentException("tree " + tree.getKey() + " has roots " + roots);
            }
            // breadth first from the root, so that children come after their parent
            Map<Long, Integer> index = new HashMap<>();
            List<Long> order = new ArrayList<>();
            Deque<Long> queue = new ArrayDeque<>(roots);
            while (!queue.isEmpty()) {
                long id = queue.removeFirst();
                if (index.putIfAbsent(id, order.size()) != null) {
                    throw new IllegalArgumentException("tree " + tree.getKey() + " reaches node " + id + " twice");
                }
                order.add(id);
                int i = at.get(id);
                if (!nodeModes.get(i).equals("LEAF")) {
                    queue.addLast(trueIds[i]);
                    queue.addLast(falseIds[i]);
                }
            }
            Nodes nodes = new Nodes(index, order.size(), outputs, hitRates.length == treeIds.length);
            for (int k = 0; k < order.size(); k++) {
                int i = at.get(order.get(k));
                boolean leaf = nodeModes.get(i).equals("LEAF");
                nodes.feature[k] = leaf ? 0 : (int) featureIds[i];
                nodes.threshold[k] = thresholds[i];
                nodes.left[k] = leaf ? -1 : index.get(trueIds[i]);
                nodes.right[k] = leaf ? -1 : index.get(falseIds[i]);
                nodes.missingLeft[k] = missingTrue.length == treeIds.length && missingTrue[i] == 1;
                if (nodes.cover.length > 0) {
                    nodes.cover[k] = hitRates[i];
                }
            }
            built.put(tree.getKey(), nodes);
        }
        for (int i = 0; i < leafTrees.length; i++) {
            Nodes nodes = built.get(leafTrees[i]);
            nodes.value[nodes.index.get(leafNodes[i]) * outputs + (int) leafClasses[i]] += weights[i];
        }
        List<Tree> trees = positions.keySet().stream().map(id -> built.get(id).tree()).toList();
        return Optional.of(new TreeEnsemble(features, classes, trees, base.length == 0 ? new double[outputs] : base,
                split, TreeEnsemble.Combine.SUM, transform, true));
    }

    /** One tree's arrays while they are filled in, by new node index. */
    private static final class Nodes {
        final Map<Long, Integer> index;
        final int[] feature;
        final double[] threshold;
        final int[] left;
        final int[] right;
        final boolean[] missingLeft;
        final double[] cover;
        final double[] value;

        Nodes(Map<Long, Integer> index, int n, int outputs, boolean covered) {
            this.index = index;
            feature = new int[n];
            threshold = new double[n];
            left = new int[n];
            right = new int[n];
            missingLeft = new boolean[n];
            cover = new double[covered ? n : 0];
            value = new double[n * outputs];
        }

        Tree tree() {
            return new Tree(feature, threshold, left, right, missingLeft, cover, value);
        }
    }

    private static long[] ints(OnnxGraph.Node node, String name) {
        return node.attribute(name).map(OnnxGraph.Attribute::ints).orElse(new long[0]);
    }

    private static double[] floats(OnnxGraph.Node node, String name) {
        return node.attribute(name).map(OnnxGraph.Attribute::floats).orElse(new double[0]);
    }

    private static List<String> strings(OnnxGraph.Node node, String name) {
        return node.attribute(name).map(OnnxGraph.Attribute::strings).orElse(List.of());
    }
}
