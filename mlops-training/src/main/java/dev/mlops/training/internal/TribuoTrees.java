package dev.mlops.training.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.mlops.model.Tree;
import dev.mlops.model.TreeEnsemble;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.protos.core.WeightedEnsembleModelProto;

/**
 * Reads the trees of Tribuo tree models (CART, a random forest of CART trees with the fully
 * weighted vote, XGBoost) into a {@link TreeEnsemble} over the model's features in Tribuo's feature
 * id order, with classes in Tribuo's output id order. Tribuo's trees keep no node counts, so their
 * trees have no covers; XGBoost's have its hessian sums.
 */
public final class TribuoTrees {

    private static final String XGBOOST_MODEL = "org.tribuo.common.xgboost.XGBoostModel";

    private TribuoTrees() {
    }

    /** The model's trees, or empty when it is no tree model this reads. */
    public static Optional<TreeEnsemble> of(Model<Label> model) {
        if (model instanceof TreeModel<Label> tree) {
            return Optional.of(new TreeEnsemble(features(model.getFeatureIDMap()), classes(model.getOutputIDInfo()),
                    List.of(tree(tree, model, 1f)), new double[model.getOutputIDInfo().size()],
                    TreeEnsemble.Split.LESS_OR_EQUAL, TreeEnsemble.Combine.SUM, TreeEnsemble.Transform.NORMALIZE, false));
        }
        if (model instanceof WeightedEnsembleModel<Label> forest
                && forest.getModels().stream().allMatch(m -> m instanceof TreeModel)) {
            Optional<List<Float>> weights = voteWeights(forest);
            if (weights.isEmpty()) {
                return Optional.empty();
            }
            List<Tree> trees = new ArrayList<>();
            for (int t = 0; t < forest.getNumModels(); t++) {
                trees.add(tree((TreeModel<Label>) forest.getModels().get(t), model, weights.get().get(t)));
            }
            // the member weights (1/trees for a forest) are in the leaf values, so the sum is the weighted mean
            return Optional.of(new TreeEnsemble(features(model.getFeatureIDMap()), classes(model.getOutputIDInfo()),
                    trees, new double[model.getOutputIDInfo().size()], TreeEnsemble.Split.LESS_OR_EQUAL,
                    TreeEnsemble.Combine.SUM, TreeEnsemble.Transform.NORMALIZE, false));
        }
        if (model.getClass().getName().equals(XGBOOST_MODEL)) {
            // only touched for an XGBoost model, so the optional XGBoost classes load only then
            return XGBoostTrees.read(model, features(model.getFeatureIDMap()), classes(model.getOutputIDInfo()));
        }
        return Optional.empty();
    }

    /**
     * The member weights of a forest that combines its members by the fully weighted vote, what
     * {@link TreeEnsemble.Transform#NORMALIZE} computes; else empty. Tribuo exposes the combiner and
     * weights only in the model's protobuf form.
     */
    private static Optional<List<Float>> voteWeights(WeightedEnsembleModel<Label> forest) {
        try {
            WeightedEnsembleModelProto proto = forest.serialize().getSerializedData().unpack(WeightedEnsembleModelProto.class);
            return proto.getCombiner().getClassName().equals(FullyWeightedVotingCombiner.class.getName())
                    ? Optional.of(proto.getWeightsList()) : Optional.empty();
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    static List<String> features(ImmutableFeatureMap map) {
        List<String> names = new ArrayList<>();
        for (int id = 0; id < map.size(); id++) {
            names.add(map.get(id).getName());
        }
        return names;
    }

    static List<String> classes(ImmutableOutputInfo<Label> info) {
        List<String> names = new ArrayList<>();
        for (int id = 0; id < info.size(); id++) {
            names.add(info.getOutput(id).getLabel());
        }
        return names;
    }

    /**
     * One tree, in pre-order, over the ensemble's feature ids, its leaf scores times the member's
     * weight (as Tribuo's vote multiplies them, a {@code float} weight times a {@code double} score).
     */
    private static Tree tree(TreeModel<Label> member, Model<Label> ensemble, float weight) {
        List<Node<Label>> nodes = new ArrayList<>();
        nodes.add(member.getRoot());
        List<int[]> children = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            if (nodes.get(n) instanceof SplitNode<Label> split) {
                children.add(new int[] {nodes.size(), nodes.size() + 1});
                nodes.add(split.getLessThanOrEqual());
                nodes.add(split.getGreaterThan());
            } else {
                children.add(new int[] {-1, -1});
            }
        }
        int size = nodes.size();
        ImmutableOutputInfo<Label> outputs = ensemble.getOutputIDInfo();
        int[] feature = new int[size];
        double[] threshold = new double[size];
        int[] left = new int[size];
        int[] right = new int[size];
        boolean[] missingLeft = new boolean[size];
        double[] value = new double[size * outputs.size()];
        for (int n = 0; n < size; n++) {
            left[n] = children.get(n)[0];
            right[n] = children.get(n)[1];
            // NaN > t is false, so Tribuo sends a missing value to the lessThanOrEqual side
            missingLeft[n] = true;
            if (nodes.get(n) instanceof SplitNode<Label> split) {
                String name = member.getFeatureIDMap().get(split.getFeatureID()).getName();
                feature[n] = ensemble.getFeatureIDMap().getID(name);
                threshold[n] = split.splitValue();
            } else {
                feature[n] = -1;
                for (Label label : ((LeafNode<Label>) nodes.get(n)).getDistribution().values()) {
                    value[n * outputs.size() + outputs.getID(label)] = weight * label.getScore();
                }
            }
        }
        return new Tree(feature, threshold, left, right, missingLeft, new double[0], value);
    }
}
