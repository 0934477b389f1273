package dev.mlops.training.internal;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.model.ClassificationMetrics;
import dev.mlops.model.Predictions;
import dev.mlops.training.Algorithm;
import dev.mlops.training.ModelSchema;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Fits and evaluates models on subsets of one labeled data set. */
final class Fitter {

    private static final LabelFactory LABELS = new LabelFactory();

    private final LabeledData data;
    private final List<String> featureColumns;
    private final List<String> labels;
    private final Optional<String> positiveClass;
    private final Algorithm algorithm;
    private final long seed;

    Fitter(LabeledData data, List<String> featureColumns, List<String> labels, Optional<String> positiveClass,
            Algorithm algorithm, long seed) {
        this.data = data;
        this.featureColumns = featureColumns;
        this.labels = labels;
        this.positiveClass = positiveClass;
        this.algorithm = algorithm;
        this.seed = seed;
    }

    /**
     * Fits a model on some rows: the schema (fill values, levels) from those rows only, so that
     * nothing of the held-out rows leaks into it.
     */
    TrainedModel fit(int[] rows, Map<String, String> params) {
        DataTable part = data.table().select(featureColumns).rows(rows);
        ModelSchema schema = SchemaFit.fit(part, data.source(), data.labelColumn(), labels, positiveClass,
                Boolean.parseBoolean(params.get("standardize")));
        Encoder encoder = new Encoder(schema);
        Encoder.Bound bound = encoder.bind(part, data.source());
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(
                data.source() + " (sha256 " + data.fingerprint() + ")", LABELS), LABELS);
        for (int i = 0; i < rows.length; i++) {
            dataset.add(encoder.example(new Label(data.labels().get(rows[i])), encoder.encode(bound, i)));
        }
        Trainer<Label> trainer = TribuoTrainers.create(algorithm, params, seed);
        Model<Label> model;
        try {
            model = trainer.train(dataset);
        } catch (LinkageError e) {
            if (algorithm == Algorithm.XGBOOST) {
                throw XGBoostSupport.nativeFailure(e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw new TrainingException(algorithm.id() + " training failed on " + rows.length + " rows: " + e.getMessage(), e);
        }
        return TrainedModel.of(schema, model, algorithm.id(), params);
    }

    /** The model's metrics on some rows. */
    ClassificationMetrics evaluate(TrainedModel model, int[] rows) {
        Predictions predictions = model.predict(data.table().select(featureColumns).rows(rows), data.source());
        List<String> actual = new ArrayList<>(rows.length);
        for (int row : rows) {
            actual.add(data.labels().get(row));
        }
        return ClassificationMetrics.of(predictions, actual);
    }

    /** Tribuo's provenance of a model as JSON. */
    static String provenanceJson(Model<?> model) {
        return new JsonProvenanceSerialization(true).serializeToString(
                ProvenanceUtil.marshalProvenance(model.getProvenance()));
    }
}
