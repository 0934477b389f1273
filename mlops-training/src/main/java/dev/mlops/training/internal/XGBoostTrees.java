package dev.mlops.training.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.model.Tree;
import dev.mlops.model.TreeEnsemble;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

/**
 * Reads the trees of a Tribuo XGBoost classifier from the booster's JSON model, whose numbers are
 * XGBoost's own {@code float}s, exactly. Only loaded for an XGBoost model, because it links against
 * the optional XGBoost classes.
 */
final class XGBoostTrees {

    private static final Logger log = LoggerFactory.getLogger(XGBoostTrees.class);

    /** Numbers as written, so that each is parsed to the {@code float} XGBoost wrote (not through a double). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private XGBoostTrees() {
    }

    /** The trees of an {@code XGBoostModel}, or empty when its booster is not one this reads (then logged why). */
    static Optional<TreeEnsemble> read(Model<Label> model, List<String> features, List<String> classes) {
        // copies of the native boosters, freed here rather than whenever the garbage collector finalizes them
        List<Booster> boosters = ((XGBoostModel<Label>) model).getInnerModels();
        try {
            if (boosters.size() != 1) {
                log.debug("not reading {} XGBoost boosters", boosters.size());
                return Optional.empty();
            }
            return read(JSON.readTree(boosters.get(0).toByteArray("json")), features, classes);
        } catch (XGBoostError | IOException e) {
            log.debug("cannot read the XGBoost model's JSON", e);
            return Optional.empty();
        } finally {
            boosters.forEach(Booster::dispose);
        }
    }

    static Optional<TreeEnsemble> read(JsonNode root, List<String> features, List<String> classes) {
        JsonNode learner = root.path("learner");
        String objective = learner.path("objective").path("name").asText();
        JsonNode booster = learner.path("gradient_booster");
        if (!booster.path("name").asText().equals("gbtree")) {
            log.debug("not reading XGBoost booster '{}'", booster.path("name").asText());
            return Optional.empty();
        }
        TreeEnsemble.Transform transform;
        int outputs;
        if (objective.equals("multi:softprob") || objective.equals("multi:softmax")) {
            transform = TreeEnsemble.Transform.SOFTMAX;
            outputs = classes.size();
        } else if (objective.equals("binary:logistic") && classes.size() == 2) {
            transform = TreeEnsemble.Transform.LOGISTIC;
            outputs = 1;
        } else {
            log.debug("not reading XGBoost objective '{}'", objective);
            return Optional.empty();
        }
        float baseScore = Float.parseFloat(learner.path("learner_model_param").path("base_score").asText());
        double[] base = new double[outputs];
        java.util.Arrays.fill(base, baseScore);
        JsonNode model = booster.path("model");
        JsonNode treeInfo = model.path("tree_info");
        List<Tree> trees = new ArrayList<>();
        JsonNode jsonTrees = model.path("trees");
        try {
            for (int t = 0; t < jsonTrees.size(); t++) {
                trees.add(tree(jsonTrees.get(t), outputs, treeInfo.get(t).asInt()));
            }
        } catch (IllegalArgumentException e) {
            // e.g. a pruned tree whose freed node ids were reused before their parent
            log.debug("the XGBoost trees do not fit a tree ensemble", e);
            return Optional.empty();
        }
        return Optional.of(new TreeEnsemble(features, classes, trees, base, TreeEnsemble.Split.LESS,
                TreeEnsemble.Combine.SUM, transform, true));
    }

    /** One tree; its leaf values go to output {@code group}, the others stay 0. */
    private static Tree tree(JsonNode tree, int outputs, int group) {
        JsonNode lefts = tree.path("left_children");
        int size = lefts.size();
        int[] feature = new int[size];
        double[] threshold = new double[size];
        int[] left = new int[size];
        int[] right = new int[size];
        boolean[] missingLeft = new boolean[size];
        double[] cover = new double[size];
        double[] value = new double[size * outputs];
        for (int n = 0; n < size; n++) {
            left[n] = lefts.get(n).asInt();
            right[n] = tree.path("right_children").get(n).asInt();
            missingLeft[n] = tree.path("default_left").get(n).asInt() != 0;
            cover[n] = toFloat(tree.path("sum_hessian").get(n));
            // XGBoost keeps a leaf's value where an inner node keeps its threshold
            float condition = toFloat(tree.path("split_conditions").get(n));
            if (left[n] < 0) {
                feature[n] = -1;
                value[n * outputs + group] = condition;
            } else {
                feature[n] = tree.path("split_indices").get(n).asInt();
                threshold[n] = condition;
            }
        }
        return new Tree(feature, threshold, left, right, missingLeft, cover, value);
    }

    private static float toFloat(JsonNode number) {
        return Float.parseFloat(number.isNumber() ? number.decimalValue().toString() : number.asText());
    }
}
