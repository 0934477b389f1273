package dev.mlops.examples;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Metric;
import dev.mlops.onnx.OnnxFormat;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.validation.ValidationReport;
import dev.mlops.validation.Validator;
import java.nio.file.Path;

/**
 * A scikit-learn pipeline exported to ONNX, registered, then used like any classifier: one row
 * predicted, the data set validated. Arguments: a store directory, the data directory holding
 * {@code credit-g.csv}, and the {@code .onnx} file (mlops-onnx's test model
 * {@code credit-linear.onnx}: one-hot encoding, scaling and a logistic regression, one named input
 * per column).
 */
public final class OnnxModel {

    private OnnxModel() {
    }

    public static void main(String[] args) {
        LabeledData credit = LabeledData.fromCsv(Path.of(args[1], "credit-g.csv"), "class");
        try (ModelRegistry registry = ModelRegistries.open("file:" + Path.of(args[0]))) {
            registry.register(RegisterRequest.builder("credit", ArtifactSource.of(Path.of(args[2])))
                    .format(OnnxFormat.NAME)                            // "onnx"
                    .build());
            Classifier model = Classifiers.load(registry, "credit:1");  // verified, then one ONNX Runtime session
            System.out.println(model.featureColumns().keySet() + " -> " + model.labels());
            System.out.println(model.predict(credit.table().row(0)));   // column -> value, as any classifier
            ValidationReport report = Validator.builder().atLeast(Metric.AUC, 0.75).build()
                    .validate(model, "credit:1", credit);
            System.out.println(report.toText());
        }   // closing the registry closes the sessions of the models it loaded
    }
}
