package dev.mlops.training;

import dev.mlops.model.ClassifierFormat;
import java.util.Optional;
import org.tribuo.classification.Label;

/**
 * Plain Tribuo classifiers ({@value TribuoFormat#NAME} artifacts predicting {@link Label}s) read as
 * {@link TrainedModel}s, so that {@link dev.mlops.model.Classifiers#format()} serves them like any
 * other classifier: every feature is a numeric column named like the feature, and the positive class
 * of a binary model is the label that sorts last. {@link TrainedModel#load} reads the same artifacts
 * with the label column and positive class recorded in the version's params.
 */
public record TribuoClassifierFormat() implements ClassifierFormat<TrainedModel> {

    @Override
    public String name() {
        return TribuoFormat.NAME;
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.mlops.MlopsConfigurationException when the model needs a Tribuo module that is not on the class path
     */
    @Override
    public TrainedModel read(byte[] verifiedBytes) {
        return TrainedModel.ofTribuo(TribuoFormat.of(Label.class).read(verifiedBytes), "", Optional.empty());
    }
}
