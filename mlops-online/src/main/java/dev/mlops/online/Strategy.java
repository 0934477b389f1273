package dev.mlops.online;

/** How an online learner keeps its model current. */
public enum Strategy {
    /** One optimiser step per labelled example; retrains only when asked ({@link OnlineLearner#retrain}). */
    INCREMENTAL("incremental"),
    /** One step per mini-batch of labelled examples, with the batch's mean gradient. */
    MINI_BATCH("minibatch"),
    /**
     * No incremental steps: a challenger is trained from the buffer when a trigger fires (by default
     * each time the buffer has been refilled) and replaces the model when it validates.
     */
    PERIODIC("periodic"),
    /** Incremental steps, plus a validated retraining whenever a trigger fires (by default drift or an accuracy drop). */
    ADAPTIVE("adaptive");

    private final String id;

    Strategy(String id) {
        this.id = id;
    }

    /** The name on the command line and in registry params: {@code incremental}, {@code minibatch}, ... */
    public String id() {
        return id;
    }

    /** Whether the serving model takes optimiser steps on each labelled example (or batch). */
    public boolean learnsOnline() {
        return this != PERIODIC;
    }

    /**
     * The strategy of this name, ignoring case ({@code mini-batch} and {@code mini_batch} work too).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Strategy parse(String name) {
        String wanted = name.strip().toLowerCase(java.util.Locale.ROOT).replace("-", "").replace("_", "");
        for (Strategy strategy : values()) {
            if (strategy.id.equals(wanted)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + name + "'; known: incremental, minibatch, periodic, adaptive");
    }
}
