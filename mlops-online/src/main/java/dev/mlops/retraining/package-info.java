/**
 * Retraining of registered models by policy: {@link dev.mlops.retraining.Retrainer} runs a
 * {@link dev.mlops.retraining.RetrainingPolicy} (triggers, a {@link dev.mlops.retraining.DataSource},
 * training, validation against the production version, promotion, watch) under the model's lease,
 * one process at a time; {@link dev.mlops.retraining.Promotions} is the validated promotion the
 * online learner uses too.
 */
package dev.mlops.retraining;
