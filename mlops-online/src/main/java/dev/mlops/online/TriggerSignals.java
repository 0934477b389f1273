package dev.mlops.online;

import dev.mlops.drift.Severity;
import dev.mlops.model.Metric;

/**
 * What a {@link Trigger} is judged on, as the one who retrains measures it: an online learner over
 * its stream, a {@link dev.mlops.retraining.Retrainer} over a model's data source, performance
 * records and stored profile. A signal that is not measured reports so ({@code NaN}, {@code -1},
 * {@link Severity#NONE}), and a trigger on it does not fire. Calls must not allocate on a
 * learner's per-example path; the {@code describe...} methods are called only for details.
 */
public interface TriggerSignals {

    /** Labelled examples (rows) the serving model was not trained on. */
    long newExamples();

    /** Where {@link #newExamples()} counts from, for details, e.g. {@code since the last retraining}. */
    String describeNewExamples();

    /** The buffer's capacity in examples, or 0 without a buffer. */
    long bufferCapacity();

    /** Milliseconds since the serving model was trained (or the learner started), by the clock in use. */
    long sinceTrainingMillis();

    /** Milliseconds since the newest example the serving model learned from, or −1 when unknown. */
    long newestExampleAgeMillis();

    /** The metric's live value, or NaN when it is not measured (yet). */
    double live(Metric metric);

    /** The value {@link #live} is compared with (the model's own earlier value), or NaN when unknown. */
    double baseline(Metric metric);

    /** Where live and baseline values come from, for details, e.g. {@code in the newest performance record}. */
    String describeMetrics();

    /** Whether an error-stream detector found the serving model's error rate rising just now. */
    boolean errorRateRose();

    /** The severity of the input drift found in the newest data, {@link Severity#NONE} when unchecked. */
    Severity inputDrift();

    /**
     * What was checked for input drift and found, for details, e.g. {@code the newest 200 rows
     * against credit:3's stored profile: 40% of the features drifted}, or why nothing was checked.
     */
    String describeInputDrift();
}
