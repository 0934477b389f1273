package dev.mlops.validation.internal;

import dev.mlops.data.DataTable;
import dev.mlops.model.ClassificationMetrics;
import dev.mlops.model.Classifier;
import dev.mlops.model.Outcomes;
import dev.mlops.model.Predictions;
import java.util.List;
import java.util.Optional;

/**
 * Everything the checks share: the evaluation rows (labeled ones only), the model's predictions
 * and metrics on them, and the champion's.
 *
 * @param model the model under validation
 * @param table the labeled evaluation rows, every column
 * @param source the data's name
 * @param actual the actual label of each row
 * @param predictions the model's predictions of each row
 * @param coded the same, coded for metric arithmetic
 * @param metrics the model's metrics
 * @param champion the champion's side of the comparison, if any
 * @param seed seeds resampling and perturbation
 * @param resamples bootstrap resamples
 */
public record Evaluation(Classifier model, DataTable table, String source, List<String> actual,
        Predictions predictions, Outcomes coded, ClassificationMetrics metrics, Optional<Side> champion, long seed,
        int resamples) {

    /**
     * One model's predictions on the evaluation rows.
     *
     * @param name e.g. {@code churn:3}
     * @param model the model
     * @param predictions its predictions
     * @param coded coded in the validated model's labels
     * @param metrics its metrics
     */
    public record Side(String name, Classifier model, Predictions predictions, Outcomes coded,
            ClassificationMetrics metrics) {
    }

    /** The champion, which checks that compare need. */
    public Side requireChampion() {
        return champion.orElseThrow(() -> new IllegalStateException("this check needs a champion"));
    }
}
