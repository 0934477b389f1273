package dev.mlops.training.internal;

import dev.mlops.data.DataException;
import dev.mlops.data.LabeledData;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.model.ClassificationMetrics;
import dev.mlops.model.Metric;
import dev.mlops.training.CrossValidation;
import dev.mlops.training.DataIssue;
import dev.mlops.training.DataReport;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainingException;
import dev.mlops.training.TrainingResult;
import dev.mlops.training.TrainingSpec;
import dev.mlops.training.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run: check the data, split, cross-validate each candidate, fit the chosen one on the
 * training rows, evaluate it on the test rows. Deterministic for a given spec and data.
 */
public final class TrainingRun {

    private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);

    /** Folds and random searches draw from the seed mixed with these, so they differ from the split's draws. */
    private static final long FOLD_SALT = 0x9E3779B97F4A7C15L;
    private static final long SEARCH_SALT = 0xC2B2AE3D27D4EB4FL;

    private TrainingRun() {
    }

    /**
     * Trains as the spec says (registration excluded).
     *
     * @throws DataException when the data cannot support training (fatal issues of the data check)
     *     or the spec does not fit the data (unknown excluded column, positive class)
     * @throws TrainingException when the algorithm fails
     * @throws Progress.Stopped when the job stopped
     */
    public static TrainingResult execute(LabeledData data, TrainingSpec spec, String jobId, Progress progress) {
        progress.report("checking the data", 1);
        DataReport report = DataChecks.check(data, spec.excludedColumns(), spec.folds());
        report.issues(DataIssue.Severity.WARNING).forEach(issue -> log.debug("{}: {}", data.source(), issue.message()));
        if (report.fatal()) {
            // bad input, not a failed algorithm: the command says so with its exit code
            throw new DataException(data.source(), 0, null, "cannot train: " + report.fatalSummary());
        }
        List<String> rowLabels = data.labels();
        int[] labeled = java.util.stream.IntStream.range(0, rowLabels.size())
                .filter(r -> !rowLabels.get(r).isEmpty()).toArray();
        List<String> labels = List.copyOf(report.labelCounts().keySet());
        Optional<String> positive = positiveClass(data, report.labelCounts(), spec.positiveClass());
        Splits.Split split = Splits.stratified(rowLabels, labeled, spec.testFraction(), spec.seed());
        List<Map<String, String>> candidates = Candidates.of(spec, spec.seed() ^ SEARCH_SALT);
        List<Splits.Split> folds = spec.folds() >= 2
                ? Splits.folds(rowLabels, split.train(), spec.folds(), spec.seed() ^ FOLD_SALT) : List.of();
        Fitter fitter = new Fitter(data, report.featureColumns(), labels, positive, spec.algorithm(), spec.seed());

        int fits = candidates.size() * folds.size() + 1;
        int done = 0;
        List<Trial> trials = new ArrayList<>();
        for (int c = 0; c < candidates.size() && !folds.isEmpty(); c++) {
            List<ClassificationMetrics> perFold = new ArrayList<>();
            for (int f = 0; f < folds.size(); f++) {
                progress.report((candidates.size() > 1 ? "trial " + (c + 1) + " of " + candidates.size() + ", " : "")
                        + "cross-validating fold " + (f + 1) + " of " + folds.size(), percent(done, fits));
                TrainedModel model = fitter.fit(folds.get(f).train(), candidates.get(c));
                perFold.add(fitter.evaluate(model, folds.get(f).test()));
                done++;
            }
            trials.add(new Trial(candidates.get(c), new CrossValidation(folds.size(), perFold)));
        }
        int chosen = spec.search().isPresent() ? best(trials, spec.search().get().metric()) : 0;
        progress.report("fitting the model on " + split.train().length + " rows", percent(done, fits));
        TrainedModel model = fitter.fit(split.train(), candidates.get(chosen));
        progress.report("evaluating on " + split.test().length + " held-out rows", 92);
        ClassificationMetrics metrics = fitter.evaluate(model, split.test());
        // every row given, not only the training split: anyone holding the data can recompute the profile
        ReferenceProfile profile = ReferenceProfile.fit(data.table().select(report.featureColumns()));
        return new TrainingResult(jobId, spec.algorithm(), candidates.get(chosen), spec.seed(), model, metrics,
                trials.isEmpty() ? Optional.empty() : Optional.of(trials.get(chosen).cv()), spec.search(),
                spec.search().isPresent() ? trials : List.of(), report, data.source(), data.fingerprint(),
                split.train().length, split.test().length, Fitter.provenanceJson(model.tribuoModel()), profile,
                Optional.empty());
    }

    private static int percent(int done, int total) {
        return 3 + (int) (87L * done / total);
    }

    /** The trial with the best mean; undefined means count as worst, the first wins a tie. */
    private static int best(List<Trial> trials, Metric metric) {
        int best = 0;
        double bestMean = Double.NaN;
        for (int t = 0; t < trials.size(); t++) {
            double mean = trials.get(t).cv().summary(metric).mean();
            boolean better = !Double.isNaN(mean) && (Double.isNaN(bestMean)
                    || (metric.higherIsBetter() ? mean > bestMean : mean < bestMean));
            if (better) {
                best = t;
                bestMean = mean;
            }
        }
        return best;
    }

    /**
     * The positive class of a binary label: the one asked for, else the rarer class, and of two
     * equally frequent ones the one that sorts last.
     */
    private static Optional<String> positiveClass(LabeledData data, Map<String, Long> counts, Optional<String> asked) {
        List<String> labels = List.copyOf(counts.keySet());
        if (labels.size() != 2) {
            if (asked.isPresent()) {
                throw new DataException(data.source(), 0, data.labelColumn(), "a positive class applies to two classes only;"
                        + " the label has " + labels.size() + ": " + labels);
            }
            return Optional.empty();
        }
        if (asked.isPresent()) {
            if (!labels.contains(asked.get())) {
                throw new DataException(data.source(), 0, data.labelColumn(), "positive class '" + asked.get()
                        + "' is not one of the labels " + labels);
            }
            return asked;
        }
        return Optional.of(counts.get(labels.get(0)) < counts.get(labels.get(1)) ? labels.get(0) : labels.get(1));
    }
}
