package dev.mlops.training.internal;

import java.util.Map;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;

/**
 * Creates Tribuo's XGBoost trainer. Only loaded after {@link XGBoostSupport#requireAvailable()}
 * passed, because it links against the optional XGBoost classes.
 */
final class XGBoostTrainers {

    private XGBoostTrainers() {
    }

    static Trainer<Label> create(Map<String, String> params, long seed) {
        return new XGBoostClassificationTrainer(
                Integer.parseInt(params.get("trees")),
                Double.parseDouble(params.get("eta")),
                Double.parseDouble(params.get("gamma")),
                Integer.parseInt(params.get("maxDepth")),
                Double.parseDouble(params.get("minChildWeight")),
                Double.parseDouble(params.get("subsample")),
                Double.parseDouble(params.get("featureSubsample")),
                Double.parseDouble(params.get("lambda")),
                Double.parseDouble(params.get("alpha")),
                Integer.parseInt(params.get("threads")),
                true,
                seed);
    }
}
