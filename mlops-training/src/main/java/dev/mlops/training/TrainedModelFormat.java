package dev.mlops.training;

import dev.mlops.model.ClassifierFormat;

/**
 * The registry format of {@link TrainedModel}s, {@value #NAME}: a ZIP holding the model schema as
 * JSON ({@code mlops-model.json}) and the Tribuo model in Tribuo's protobuf format
 * ({@code tribuo-model.pb}). All instances are equal, so the registry's cache shares models.
 *
 * <pre>{@code
 * TrainedModel model = registry.load("churn@production", TrainedModelFormat.of());
 * }</pre>
 */
public record TrainedModelFormat() implements ClassifierFormat<TrainedModel> {

    /** The format name recorded with versions: {@value}. */
    public static final String NAME = "mlops-model";

    /** The format. */
    public static TrainedModelFormat of() {
        return new TrainedModelFormat();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.mlops.MlopsConfigurationException for an XGBoost model when XGBoost support is missing
     */
    @Override
    public TrainedModel read(byte[] verifiedBytes) {
        return TrainedModel.fromBytes(verifiedBytes);
    }
}
