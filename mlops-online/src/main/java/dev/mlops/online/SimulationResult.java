package dev.mlops.online;

import java.util.List;

/**
 * What a {@link Simulation#run} measured.
 *
 * @param samples labelled rows processed (predicted, then learned)
 * @param unlabeled rows without a label, only predicted
 * @param prequentialAccuracy accuracy of the predictions made before learning each row, over every
 *     labelled row the learner has processed (those before a restored checkpoint included;
 *     {@code NaN} without any)
 * @param updates optimiser steps applied to the serving model, in the learner's life
 * @param retrains challengers trained
 * @param promotions challengers promoted
 * @param rejections challengers rejected
 * @param rollbacks promotions rolled back
 * @param driftsDetected 0-based indices of the table rows at which the detector found the error
 *     rate rising (0 is the first data row, after a CSV header)
 * @param samplesPerSecond labelled rows per second of the replay (wall clock, reading excluded)
 * @param kappa Cohen's kappa of the prequential predictions
 * @param windowAccuracy prequential accuracy over the last metrics window
 * @param seconds the replay's wall-clock time
 */
public record SimulationResult(long samples, long unlabeled, double prequentialAccuracy, long updates, long retrains,
        long promotions, long rejections, long rollbacks, List<Integer> driftsDetected, double samplesPerSecond,
        double kappa, double windowAccuracy, double seconds) {

    public SimulationResult {
        driftsDetected = List.copyOf(driftsDetected);
    }
}
