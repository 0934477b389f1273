package dev.mlops.training;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.mlops.MlopsConfigurationException;
import dev.mlops.registry.ModelFormat;
import java.util.Objects;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.protos.core.ModelProto;

/**
 * Tribuo models in Tribuo's protobuf format (never Java serialization). Use
 * {@code TribuoFormat.of(Label.class)} to load classification models as {@code Model<Label>}.
 *
 * @param outputType the Tribuo output type the model must predict
 * @param <T> the output type
 */
public record TribuoFormat<T extends Output<T>>(Class<T> outputType) implements ModelFormat<Model<T>> {

    /** The format name recorded with versions: {@value}. */
    public static final String NAME = "tribuo-protobuf";

    public TribuoFormat {
        Objects.requireNonNull(outputType, "outputType");
    }

    /** The format for models predicting {@code outputType}. */
    public static <T extends Output<T>> TribuoFormat<T> of(Class<T> outputType) {
        return new TribuoFormat<>(outputType);
    }

    /** The artifact bytes of a Tribuo model, to register with format {@link #NAME}. */
    public static byte[] toBytes(Model<?> model) {
        return model.serialize().toByteArray();
    }

    /** The class whose absence caused {@code failure}, or null when it has another cause. */
    private static String missingClass(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
                return t.getMessage();
            }
        }
        return null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Model<T> read(byte[] verifiedBytes) {
        Model<?> model;
        try {
            model = Model.deserialize(ModelProto.parseFrom(verifiedBytes));
        } catch (InvalidProtocolBufferException | RuntimeException | LinkageError e) {
            String missing = missingClass(e);
            if (missing != null) {
                throw new MlopsConfigurationException("the model needs class " + missing
                        + ", which is not on the class path: add the Tribuo module that provides"
                        + " it (XGBoost models need org.tribuo:tribuo-classification-xgboost)", e);
            }
            throw new IllegalArgumentException("not a Tribuo protobuf model: " + e.getMessage(), e);
        }
        if (!model.validate(outputType)) {
            throw new IllegalArgumentException("the Tribuo model does not predict "
                    + outputType.getSimpleName() + " outputs");
        }
        return model.castModel(outputType);
    }
}
