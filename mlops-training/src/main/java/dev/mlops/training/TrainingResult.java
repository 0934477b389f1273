package dev.mlops.training;

import dev.mlops.data.LabeledData;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.model.ClassificationMetrics;
import dev.mlops.registry.ModelVersion;
import dev.mlops.training.internal.ResultJson;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a training job produced: the model, its metrics on the held-out test rows, the
 * cross-validation and search, the data check, the fingerprint and provenance, and the registered
 * version when one was asked for.
 *
 * @param jobId the job that trained it
 * @param algorithm the algorithm
 * @param params the hyperparameters of the model (the search's choice, if there was a search)
 * @param seed the seed
 * @param model the trained model
 * @param metrics its metrics on the held-out test rows
 * @param cv cross-validation of the chosen hyperparameters on the training rows, when folds ≥ 2
 * @param search the search, if there was one
 * @param trials every candidate the search tried, in order (empty without a search)
 * @param dataReport what the check before training found
 * @param source the data's name (file path)
 * @param dataFingerprint SHA-256 of the data (see {@link LabeledData#fingerprint()})
 * @param trainRows rows the model was fit on
 * @param testRows rows held out for {@code metrics}
 * @param provenance Tribuo's model provenance as JSON
 * @param trainingProfile the drift reference profile of the feature columns over every row of the data
 *     given to the trainer (training and test rows alike)
 * @param version the registered version, if registration was asked for
 */
public record TrainingResult(
        String jobId,
        Algorithm algorithm,
        Map<String, String> params,
        long seed,
        TrainedModel model,
        ClassificationMetrics metrics,
        Optional<CrossValidation> cv,
        Optional<Search> search,
        List<Trial> trials,
        DataReport dataReport,
        String source,
        String dataFingerprint,
        int trainRows,
        int testRows,
        String provenance,
        ReferenceProfile trainingProfile,
        Optional<ModelVersion> version) {

    /** The evidence kind of this result stored with a registered version: {@value}. */
    public static final String EVIDENCE_KIND = "training-result";
    /** The evidence kind of the training data's drift reference profile: {@value}. */
    public static final String PROFILE_EVIDENCE_KIND = ReferenceProfile.EVIDENCE_KIND;

    public TrainingResult {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(algorithm, "algorithm");
        params = Map.copyOf(params);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(cv, "cv");
        Objects.requireNonNull(search, "search");
        trials = List.copyOf(trials);
        Objects.requireNonNull(dataReport, "dataReport");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dataFingerprint, "dataFingerprint");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(trainingProfile, "trainingProfile");
        Objects.requireNonNull(version, "version");
    }

    /** A copy with the registered version. */
    public TrainingResult withVersion(ModelVersion registered) {
        return new TrainingResult(jobId, algorithm, params, seed, model, metrics, cv, search, trials, dataReport,
                source, dataFingerprint, trainRows, testRows, provenance, trainingProfile, Optional.of(registered));
    }

    /**
     * The JSON document of {@code mlops train}: {@code {"algorithm","params","metrics":{"accuracy",
     * "precision","recall","f1","auc","logLoss"},"cv":{"folds","accuracy":{"mean","std"},
     * "auc":{"mean","std"},...}|null,"version":{...}|null}} and beyond those: {@code jobId, seed,
     * labelColumn, labels, positiveClass, trainRows, testRows, confusionMatrix, search, data}.
     * Undefined metrics are {@code null}.
     */
    public String toJson() {
        return ResultJson.write(this);
    }
}
