package dev.mlops.online;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Simulation#run} measured, and with which learner.
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
 * @param strategy the learner's strategy
 * @param detector the detector on its error stream
 * @param optimizer its incremental models' optimiser
 * @param labels the labels it predicts
 */
public record SimulationResult(long samples, long unlabeled, double prequentialAccuracy, long updates, long retrains,
        long promotions, long rejections, long rollbacks, List<Integer> driftsDetected, double samplesPerSecond,
        double kappa, double windowAccuracy, double seconds, Strategy strategy, Detector detector, Optimizer optimizer,
        List<String> labels) {

    public SimulationResult {
        driftsDetected = List.copyOf(driftsDetected);
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(optimizer, "optimizer");
        labels = List.copyOf(labels);
    }

    /**
     * The JSON document of {@code mlops online simulate --format json}: the contract's
     * {@code samples, prequentialAccuracy, updates, retrains, driftsDetected, samplesPerSecond}, and
     * beyond those {@code unlabeled, kappa, windowAccuracy, promotions, rejections, rollbacks},
     * {@code strategy} (its id), {@code detector} and {@code optimizer} (their names) and
     * {@code labels}. Members in alphabetical order, as the command has always printed them;
     * undefined numbers are {@code null}.
     */
    public String toJson() {
        ObjectNode json = Json.object();
        json.put("detector", detector.name());
        ArrayNode drifts = json.putArray("driftsDetected");
        driftsDetected.forEach(drifts::add);
        Json.number(json, "kappa", kappa);
        ArrayNode labelArray = json.putArray("labels");
        labels.forEach(labelArray::add);
        json.put("optimizer", optimizer.name());
        Json.number(json, "prequentialAccuracy", prequentialAccuracy);
        json.put("promotions", promotions);
        json.put("rejections", rejections);
        json.put("retrains", retrains);
        json.put("rollbacks", rollbacks);
        json.put("samples", samples);
        Json.number(json, "samplesPerSecond", samplesPerSecond);
        json.put("strategy", strategy.id());
        json.put("unlabeled", unlabeled);
        json.put("updates", updates);
        Json.number(json, "windowAccuracy", windowAccuracy);
        return Json.write(json);
    }
}
