package dev.mlops.online;

import dev.mlops.registry.ModelRef;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of an online learner's counters and prequential metrics (each labelled example is
 * predicted before it is learned; a delayed label is scored against the prediction served for it).
 * Undefined values are {@code NaN}.
 *
 * @param samples labelled examples processed
 * @param predictions predictions served to callers
 * @param updates optimiser steps applied to the serving model (one per example, or per mini-batch)
 * @param retrains challengers trained
 * @param promotions challengers promoted
 * @param rejections challengers that failed validation or were refused by a gate
 * @param rollbacks promoted models rolled back after the watch window
 * @param drifts rises of the error rate the detector found
 * @param accuracy prequential accuracy over all samples
 * @param windowAccuracy prequential accuracy over the last {@code window} samples
 * @param kappa Cohen's kappa of all prequential predictions
 * @param windowKappa Cohen's kappa over the last {@code window} samples
 * @param window the metrics window, in samples
 * @param samplesPerSecond samples processed per second of the learner's life
 * @param rejectedInputs rows refused as malformed (wrong shape, unknown label, infinite value)
 * @param queueRejections labelled examples refused because the queue stayed full
 * @param expiredLabels pending predictions dropped (expired or over the limit) before their label came
 * @param unmatchedLabels delayed labels whose prediction was not (or no longer) pending
 * @param failures failures of training, the registry or listeners
 * @param queued examples waiting in the queue (0 in a simulation)
 * @param publications snapshots published for predictions so far
 * @param generation the serving model's generation
 * @param servingVersion the serving model's registered version, if it has one
 */
public record LearnerMetrics(long samples, long predictions, long updates, long retrains, long promotions,
        long rejections, long rollbacks, long drifts, double accuracy, double windowAccuracy, double kappa,
        double windowKappa, int window, double samplesPerSecond, long rejectedInputs, long queueRejections,
        long expiredLabels, long unmatchedLabels, long failures, int queued, long publications, int generation,
        Optional<ModelRef> servingVersion) {

    public LearnerMetrics {
        Objects.requireNonNull(servingVersion, "servingVersion");
    }

    /** A copy with the counters a learner keeps outside its writer. */
    LearnerMetrics withFrontCounters(long servedPredictions, long queueRejected, long expired, long unmatched,
            long rejected, int waiting) {
        return new LearnerMetrics(samples, servedPredictions, updates, retrains, promotions, rejections, rollbacks,
                drifts, accuracy, windowAccuracy, kappa, windowKappa, window, samplesPerSecond,
                rejectedInputs + rejected, queueRejected, expired, unmatched, failures, waiting, publications, generation,
                servingVersion);
    }
}
