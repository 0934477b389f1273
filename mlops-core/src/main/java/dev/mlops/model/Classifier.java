package dev.mlops.model;

import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model that predicts a label with a probability for each label, whatever trained it: what the
 * validator evaluates, the router serves and the online learner champions. Implementations are
 * immutable and thread-safe.
 *
 * <pre>{@code
 * Classifier model = registry.load("churn@production", Classifiers.format());
 * Map<String, Object> row = new HashMap<>(Map.of("tenure", 14, "plan", "basic"));
 * row.put("region", null);                      // a missing value: every feature column has a key
 * Prediction p = model.predict(row);
 * }</pre>
 */
public interface Classifier {

    /** The labels, distinct and sorted; probabilities follow this order. */
    List<String> labels();

    /** The positive class of a binary classifier (what precision, recall and AUC are about), else empty. */
    Optional<String> positiveClass();

    /**
     * The columns the classifier reads, in its order, with the type it reads each as. Other columns
     * of the data are ignored.
     */
    Map<String, FeatureType> featureColumns();

    /**
     * Predicts one row given as column → value: a {@link Number} or numeric text for numeric
     * columns, any value for categorical ones, {@code null} for a missing value (which the model
     * fills as it was trained to). Every feature column needs a key: an absent one is refused (see
     * {@link dev.mlops.data.DataException#absentFeature}), so a misspelt column cannot pass as a
     * missing value. Keys that are not feature columns are ignored, so a {@link DataTable#row} of
     * the evaluation data can be passed as it is.
     *
     * @throws dev.mlops.data.DataException naming the column the row has no key for, or of a value
     *     the classifier cannot use
     */
    Prediction predict(Map<String, ?> row);

    /**
     * Predicts every row of a table, in order. Columns that are not feature columns are ignored.
     *
     * @param source names the data in error messages
     * @throws dev.mlops.data.DataException naming the column the table lacks or the cell the
     *     classifier cannot use
     */
    Predictions predict(DataTable table, String source);
}
