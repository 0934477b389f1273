package dev.mlops.training.internal;

import dev.mlops.training.Algorithm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.Entropy;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.dtree.impurity.LabelImpurity;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/** Builds a fresh Tribuo trainer for an algorithm and its resolved hyperparameters. */
public final class TribuoTrainers {

    /**
     * Tribuo logs every epoch and every ensemble member at INFO through java.util.logging; unless
     * the application set a level for it, that is lowered to WARNING. Held here so the setting is
     * not lost to garbage collection of the logger.
     */
    private static final Logger TRIBUO_LOGGER = Logger.getLogger("org.tribuo");

    static {
        if (TRIBUO_LOGGER.getLevel() == null) {
            TRIBUO_LOGGER.setLevel(Level.WARNING);
        }
    }

    private TribuoTrainers() {
    }

    /**
     * A new trainer (Tribuo trainers count their invocations and derive their random state from it,
     * so a fresh one per fit is what makes equal seeds give equal models).
     *
     * @param numericFeatures the features to standardize when the params ask for it
     */
    public static Trainer<Label> create(Algorithm algorithm, Map<String, String> params, long seed,
            List<String> numericFeatures) {
        Trainer<Label> trainer = switch (algorithm) {
            case LOGISTIC -> new LinearSGDTrainer(new LogMulticlass(),
                    new AdaGrad(Double.parseDouble(params.get("learningRate")), Double.parseDouble(params.get("epsilon"))),
                    Integer.parseInt(params.get("epochs")), -1, Integer.parseInt(params.get("batchSize")), seed);
            case CART -> new CARTClassificationTrainer(Integer.parseInt(params.get("maxDepth")),
                    Float.parseFloat(params.get("minChildWeight")), Float.parseFloat(params.get("minImpurityDecrease")),
                    1.0f, false, impurity(params.get("impurity")), seed);
            case RANDOM_FOREST -> new RandomForestTrainer<>(
                    new CARTClassificationTrainer(Integer.parseInt(params.get("maxDepth")),
                            Float.parseFloat(params.get("minChildWeight")), 0f,
                            Float.parseFloat(params.get("featureFraction")), false, impurity(params.get("impurity")), seed),
                    new FullyWeightedVotingCombiner(), Integer.parseInt(params.get("trees")), seed);
            case XGBOOST -> {
                XGBoostSupport.requireAvailable();
                yield XGBoostTrainers.create(params, seed);
            }
        };
        if (!Boolean.parseBoolean(params.get("standardize")) || numericFeatures.isEmpty()) {
            return trainer;
        }
        Map<String, List<Transformation>> perFeature = new HashMap<>();
        for (String feature : numericFeatures) {
            perFeature.put(feature, List.of(new MeanStdDevTransformation()));
        }
        return new TransformTrainer<>(trainer, new TransformationMap(List.of(), perFeature));
    }

    private static LabelImpurity impurity(String name) {
        return name.equals("entropy") ? new Entropy() : new GiniIndex();
    }
}
