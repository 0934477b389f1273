/**
 * Online learning: models that keep learning from labelled examples as they arrive, retrain when a
 * trigger fires, and are replaced only by a challenger that passes validation, with an automatic
 * way back.
 *
 * <pre>{@code
 * OnlineSchema schema = OnlineSchema.of("clicked", List.of("no", "yes"), List.of("price", "position"))
 *         .withCategorical(List.of("country"));
 * try (OnlineLearner learner = OnlineLearner.builder(schema)
 *         .strategy(Strategy.ADAPTIVE).registry(registry).name("clicks").build()) {
 *     Prediction p = learner.predict("request-17", row);   // from an immutable snapshot
 *     learner.label("request-17", "yes");                  // joined to the prediction, learned
 * }
 * }</pre>
 *
 * <h2>Models</h2>
 * {@link dev.mlops.online.IncrementalModel} is a logistic regression (binary, or multinomial with
 * softmax) trained by FTRL-Proximal or AdaGrad ({@link dev.mlops.online.Optimizer}), with online
 * standardization of numeric columns and hashed categorical columns
 * ({@link dev.mlops.online.OnlineSchema} documents the hash: XXH64 of the UTF-8 value, seeded with
 * XXH64 of the column name, modulo the buckets). Its snapshots, {@link dev.mlops.online.OnlineModel},
 * predict like any model (probabilities per label) and are registered in their own format,
 * {@value dev.mlops.online.OnlineModelFormat#NAME} (layout on {@link dev.mlops.online.OnlineModel}),
 * loaded through {@code registry.load(ref, OnlineModelFormat.of())} after the registry verified the
 * bytes. The validator evaluates them like trained models.
 *
 * <h2>Strategies and triggers</h2>
 * {@link dev.mlops.online.Strategy}: incremental (a step per example), mini-batch (a step per batch),
 * periodic (no steps; a challenger from the buffer when a trigger fires, by default each time the
 * buffer refills, trained by the batch {@link dev.mlops.training.Trainer}), adaptive (steps, plus a
 * challenger when drift or an accuracy drop is found). {@link dev.mlops.online.Trigger}s: buffer
 * full, accuracy (or another metric's) drop, drift on the error stream
 * ({@link dev.mlops.online.Detector}: ADWIN, DDM, Page-Hinkley), input drift of a severity
 * ({@link dev.mlops.drift.DriftMonitor} alerts), new data, freshness, schedule; plus manual
 * retraining. They are the triggers of retraining policies too ({@code dev.mlops.retraining}): each
 * decides on the {@link dev.mlops.online.TriggerSignals} its user measures.
 *
 * <h2>Retraining</h2>
 * A challenger ({@link dev.mlops.online.Challenger}: a fresh incremental model trained for some
 * epochs, or the batch trainer) learns from the buffered examples, all but the newest fraction,
 * which is held out. The {@link dev.mlops.validation.Validator} compares it with the champion on the
 * held-out examples (an improvement threshold, plus any checks the caller adds). An incremental
 * champion has already learned from the held-out examples by then, so it is compared as it was
 * before they arrived (a prediction-only copy of it is kept every few dozen examples). With a
 * registry, the challenger is registered with lineage (parent version, training-data fingerprint,
 * trigger, training and held-out sample ranges), its report attached, and it is promoted to
 * PRODUCTION (gates apply) or archived with the reason; the served model is then swapped
 * atomically. For a watch window after a promotion the predecessor keeps predicting (and learning)
 * in the shadow; if the new model does worse on the same examples, the registry rolls back and the
 * predecessor serves again. Every decision is an {@link dev.mlops.online.OnlineEvent} with its
 * reason, and registry mutations carry the same reason into the audit log.
 *
 * <h2>Threads and staleness</h2>
 * See {@link dev.mlops.online.OnlineLearner}: predictions read an immutable snapshot through an
 * atomic reference and never block; one writer thread learns; a bounded queue pushes back. A
 * snapshot lacks fewer than {@code publishEvery} (default 1,000) of the updates the writer has
 * applied; the writer also publishes whenever the queue has been empty for 5 ms, and at once after
 * a promotion or rollback. {@link dev.mlops.online.Simulation} runs the same engine on the caller's
 * thread, deterministically.
 *
 * <h2>Checkpoints</h2>
 * The whole state ({@link dev.mlops.online.Checkpoint}: the learner's one snapshot of its weights,
 * optimiser accumulators, standardizer, buffer, detector, prequential metrics, pending labels,
 * random state and counters) is registered as a version of the model
 * {@code NAME-checkpoints}, format {@value dev.mlops.online.CheckpointFormat#NAME}, rather than as
 * evidence on the serving version: artifacts are binary, content-addressed, digest- and
 * signature-checked before a byte is read, and exist before any version of the model is registered
 * (a fresh learner has nothing to attach evidence to); a separate model name keeps checkpoints out
 * of {@code NAME}'s versions, production history and rollbacks. A restored learner continues bit
 * for bit as the one that saved it.
 *
 * <h2>Prequential evaluation</h2>
 * Each labelled example is predicted before it is learned; accuracy and Cohen's kappa are kept
 * over everything and over a sliding window ({@link dev.mlops.online.LearnerMetrics}).
 */
package dev.mlops.online;
