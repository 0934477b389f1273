package dev.mlops.micrometer;

import dev.mlops.online.LearnerMetrics;
import dev.mlops.online.OnlineLearner;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;

/**
 * Meters of an {@link OnlineLearner}, from its {@link OnlineLearner#metrics()} (prequential metrics
 * as of the latest publication, live queue counters). Binding adds nothing to learning or
 * predicting.
 *
 * <table>
 * <caption>Meters (every one tagged {@code learner} and the constructor's tags)</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code mlops.online.samples}</td><td>function counter: labelled examples processed</td><td></td></tr>
 * <tr><td>{@code mlops.online.predictions}</td><td>function counter</td><td></td></tr>
 * <tr><td>{@code mlops.online.updates}</td><td>function counter: optimiser steps</td><td></td></tr>
 * <tr><td>{@code mlops.online.retrains}</td><td>function counter: challengers trained</td><td></td></tr>
 * <tr><td>{@code mlops.online.rejections}</td><td>function counter: challengers that failed validation</td>
 *     <td></td></tr>
 * <tr><td>{@code mlops.online.swaps}</td><td>function counter: hot swaps of the serving model</td>
 *     <td>{@code reason}: promotion, rollback</td></tr>
 * <tr><td>{@code mlops.online.drifts}</td><td>function counter: error-rate rises the detector found</td>
 *     <td></td></tr>
 * <tr><td>{@code mlops.online.dropped}</td><td>function counter</td><td>{@code reason}: malformed-input,
 *     queue-full, label-expired, label-unmatched</td></tr>
 * <tr><td>{@code mlops.online.failures}</td><td>function counter: failures of training, the registry or
 *     listeners</td><td></td></tr>
 * <tr><td>{@code mlops.online.accuracy}</td><td>gauge: prequential accuracy, 0 to 1</td>
 *     <td>{@code window}: all, recent</td></tr>
 * <tr><td>{@code mlops.online.kappa}</td><td>gauge: Cohen's kappa</td><td>{@code window}: all, recent</td></tr>
 * <tr><td>{@code mlops.online.queue}</td><td>gauge: examples waiting</td><td></td></tr>
 * <tr><td>{@code mlops.online.generation}</td><td>gauge: the serving model's generation</td><td></td></tr>
 * </table>
 */
public final class OnlineLearnerMetrics implements MeterBinder, AutoCloseable {

    private final OnlineLearner learner;
    private final Tags tags;
    private final BoundMeters meters = new BoundMeters();

    /** Meters of {@code learner}, tagged {@code learner=name} (e.g. the model it registers) and {@code tags}. */
    public OnlineLearnerMetrics(OnlineLearner learner, String name, Iterable<Tag> tags) {
        this.learner = Objects.requireNonNull(learner, "learner");
        this.tags = Tags.of(tags).and("learner", Objects.requireNonNull(name, "name"));
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        meters.bind(meterRegistry);
        counter("samples", null, null, "labelled examples processed", LearnerMetrics::samples);
        counter("predictions", null, null, "predictions served", LearnerMetrics::predictions);
        counter("updates", null, null, "optimiser steps applied to the serving model", LearnerMetrics::updates);
        counter("retrains", null, null, "challengers trained", LearnerMetrics::retrains);
        counter("rejections", null, null, "challengers that failed validation or a gate", LearnerMetrics::rejections);
        counter("swaps", "reason", "promotion", "hot swaps of the serving model", LearnerMetrics::promotions);
        counter("swaps", "reason", "rollback", "hot swaps of the serving model", LearnerMetrics::rollbacks);
        counter("drifts", null, null, "rises of the error rate the detector found", LearnerMetrics::drifts);
        counter("dropped", "reason", "malformed-input", "inputs not learned", LearnerMetrics::rejectedInputs);
        counter("dropped", "reason", "queue-full", "inputs not learned", LearnerMetrics::queueRejections);
        counter("dropped", "reason", "label-expired", "inputs not learned", LearnerMetrics::expiredLabels);
        counter("dropped", "reason", "label-unmatched", "inputs not learned", LearnerMetrics::unmatchedLabels);
        counter("failures", null, null, "failures of training, the registry or listeners", LearnerMetrics::failures);
        gauge("accuracy", "window", "all", "prequential accuracy", LearnerMetrics::accuracy);
        gauge("accuracy", "window", "recent", "prequential accuracy", LearnerMetrics::windowAccuracy);
        gauge("kappa", "window", "all", "prequential Cohen's kappa", LearnerMetrics::kappa);
        gauge("kappa", "window", "recent", "prequential Cohen's kappa", LearnerMetrics::windowKappa);
        gauge("queue", null, null, "examples waiting to be learned", LearnerMetrics::queued);
        gauge("generation", null, null, "the serving model's generation", LearnerMetrics::generation);
    }

    private void counter(String name, String tagKey, String tagValue, String description,
            ToDoubleFunction<LearnerMetrics> value) {
        add(name, tagKey, tagValue, (all, r) -> FunctionCounter.builder("mlops.online." + name, learner,
                        l -> value.applyAsDouble(l.metrics())).tags(all).description(description).register(r));
    }

    private void gauge(String name, String tagKey, String tagValue, String description,
            ToDoubleFunction<LearnerMetrics> value) {
        add(name, tagKey, tagValue, (all, r) -> Gauge.builder("mlops.online." + name, learner,
                        l -> value.applyAsDouble(l.metrics())).tags(all).description(description).register(r));
    }

    /** Adds a meter of this learner's tags plus one optional tag. */
    private void add(String name, String tagKey, String tagValue, BiFunction<Tags, MeterRegistry, Meter> register) {
        Tags all = tagKey == null ? tags : tags.and(tagKey, tagValue);
        meters.add(List.of(name, all), r -> register.apply(all, r));
    }

    /** Removes this binder's meters. */
    @Override
    public void close() {
        meters.removeAll();
    }
}
