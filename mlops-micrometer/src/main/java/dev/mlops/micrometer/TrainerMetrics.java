package dev.mlops.micrometer;

import dev.mlops.training.JobListener;
import dev.mlops.training.JobState;
import dev.mlops.training.JobStatus;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingJob;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Meters of a {@link Trainer}'s jobs.
 *
 * <table>
 * <caption>Meters (every one with the constructor's tags)</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code mlops.training.duration}</td><td>function timer: jobs ended, and their running time
 *     (start to end; 0 for a job cancelled before it started)</td><td>{@code algorithm},
 *     {@code outcome}: succeeded, failed, cancelled</td></tr>
 * <tr><td>{@code mlops.training.jobs}</td><td>gauge: jobs not ended</td><td>{@code status}: queued,
 *     running</td></tr>
 * </table>
 */
public final class TrainerMetrics implements MeterBinder, AutoCloseable {

    private final Trainer trainer;
    private final Tags tags;
    private final BoundMeters meters = new BoundMeters();
    private final Map<List<String>, Ended> ended = new ConcurrentHashMap<>();
    private final JobListener listener = this::onChange;
    private final AtomicBoolean listening = new AtomicBoolean();

    /** Meters of {@code trainer}'s jobs, each with {@code tags} too. */
    public TrainerMetrics(Trainer trainer, Iterable<Tag> tags) {
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.tags = Tags.of(tags);
    }

    /** The ended jobs of one algorithm and outcome: how many, and their summed running time. */
    private static final class Ended {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        meters.bind(meterRegistry);
        for (JobStatus status : List.of(JobStatus.QUEUED, JobStatus.RUNNING)) {
            meters.add(status, r -> Gauge.builder("mlops.training.jobs", trainer,
                            t -> t.jobs().stream().filter(job -> job.state().status() == status).count())
                    .tags(tags.and("status", lower(status))).description("training jobs not ended").register(r));
        }
        if (listening.compareAndSet(false, true)) {
            trainer.addListener(listener);
        }
    }

    private void onChange(JobState state) {
        if (!state.status().isTerminal()) {
            return;
        }
        String algorithm = trainer.job(state.id()).map(TrainingJob::spec).map(spec -> spec.algorithm().id())
                .orElse("unknown");
        Duration running = state.startedAt().flatMap(start -> state.finishedAt().map(end -> Duration.between(start, end)))
                .orElse(Duration.ZERO);
        List<String> key = List.of(algorithm, lower(state.status()));
        Ended counts = ended.computeIfAbsent(key, k -> {
            Ended created = new Ended();
            meters.add(key, r -> FunctionTimer.builder("mlops.training.duration", created, e -> e.count.sum(),
                            e -> e.nanos.sum(), TimeUnit.NANOSECONDS)
                    .tags(tags.and("algorithm", k.get(0), "outcome", k.get(1)))
                    .description("training jobs ended, and their running time").register(r));
            return created;
        });
        counts.nanos.add(running.toNanos());
        counts.count.increment();
    }

    private static String lower(JobStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** Stops following the trainer and removes this binder's meters. */
    @Override
    public void close() {
        if (listening.compareAndSet(true, false)) {
            trainer.removeListener(listener);
        }
        meters.removeAll();
    }
}
