package dev.mlops.training.internal;

import dev.mlops.training.Algorithm;
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
     * so a fresh one per fit is what makes equal seeds give equal models). Standardization is not
     * the trainer's: the schema's encoder does it ({@link SchemaFit}).
     */
    public static Trainer<Label> create(Algorithm algorithm, Map<String, String> params, long seed) {
        return switch (algorithm) {
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
    }

    private static LabelImpurity impurity(String name) {
        return name.equals("entropy") ? new Entropy() : new GiniIndex();
    }
}
