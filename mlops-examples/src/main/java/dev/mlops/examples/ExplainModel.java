package dev.mlops.examples;

import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Contributions;
import dev.mlops.model.Metric;
import dev.mlops.training.Algorithm;
import dev.mlops.training.PredictionExplainer;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import dev.mlops.validation.PermutationImportance;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Why a model decides as it does: which columns it leans on overall (permutation importance on rows
 * it never saw), and why it scored one applicant as it did (TreeSHAP contributions per column).
 * Argument: the data directory holding {@code credit-g.csv}.
 */
public final class ExplainModel {

    private ExplainModel() {
    }

    public static void main(String[] args) {
        DataTable rows = LabeledData.fromCsv(Path.of(args[0], "credit-g.csv"), "class").table();
        LabeledData train = LabeledData.of(rows.rows(IntStream.range(0, 800).toArray()), "class", "credit-g 1-800");
        LabeledData holdout = LabeledData.of(rows.rows(IntStream.range(800, 1000).toArray()), "class",
                "credit-g 801-1000");
        TrainedModel model;
        try (Trainer trainer = Trainer.create()) {
            model = trainer.train(train, TrainingSpec.builder(Algorithm.RANDOM_FOREST).folds(0).build()).model();
        }
        System.out.println("trees evaluated in Java: " + model.predictsWithTrees());   // forests and XGBoost

        PermutationImportance importance = PermutationImportance.of(model, holdout, Metric.AUC, 5, 42);
        System.out.println(importance.toText());      // toJson(): the `mlops explain` document

        PredictionExplainer explainer = PredictionExplainer.of(model, train.table());   // background rows
        Map<String, Object> applicant = holdout.table().row(0);
        Contributions why = explainer.explain(applicant);
        double[] toBad = why.of("bad");               // per column, in probability of "bad"
        double expected = why.expected()[why.outputs().indexOf("bad")];
        System.out.printf("P(bad) = %.3f = %.3f expected %+.3f from the columns, most of it:%n",
                model.predict(applicant).probability("bad"), expected, why.total("bad") - expected);
        IntStream.range(0, toBad.length).boxed()
                .sorted(Comparator.comparingDouble(j -> -Math.abs(toBad[j]))).limit(5)
                .forEach(j -> System.out.printf("  %+.3f  %s = %s%n", toBad[j], why.features().get(j),
                        applicant.get(why.features().get(j))));
    }
}
