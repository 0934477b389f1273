package dev.mlops.retraining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.Json;
import dev.mlops.core.Leases;
import dev.mlops.data.DataException;
import dev.mlops.data.FeatureType;
import dev.mlops.data.LabeledData;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Metric;
import dev.mlops.monitoring.Baseline;
import dev.mlops.online.Trigger;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import dev.mlops.registry.StorageException;
import dev.mlops.spi.Lease;
import dev.mlops.spi.LeaseStore;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Registration;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingJob;
import dev.mlops.training.TrainingResult;
import dev.mlops.training.TrainingSpec;
import dev.mlops.validation.Check;
import dev.mlops.validation.ValidationReport;
import dev.mlops.validation.Validator;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link RetrainingPolicy} for one model: holds the model's lease in the store (so that one
 * process at a time retrains it, on any machine sharing the store), judges a version an earlier run
 * promoted ({@link RetrainingPolicy#watch()}), evaluates the triggers (the online learner's {@link Trigger}s,
 * judged on the production version's rows, age, performance records and profile), trains a challenger on all but
 * the newest rows (by default with the production version's algorithm and parameters), validates it
 * against the production version on the newest rows, and promotes it, leaves it awaiting approval
 * or archives it with its report. The challenger's lineage names the production version as its
 * parent and the training rows' fingerprint; its tags name the trigger ({@value #TRIGGER_TAG}) and
 * how many rows the source had ({@value #ROWS_TAG}, what the next run's {@code newRows} counts
 * from). Every run is a job record of kind {@value #JOB_KIND} (so an audit entry) whose status is the
 * decision and whose document holds the triggers and the reason; promotions, archivals and rollbacks
 * carry the trigger and the reason into the audit log.
 *
 * <p>A run's job record carries its lease's token ({@link JobRecord#LEASE_TOKEN}) and the training
 * jobs it started: when its process dies, the registry shows it and them FAILED to every reader once
 * the lease expired. With {@link RetrainingPolicy#retries()}, a run that failed because the store or
 * the data source could not be reached is tried again after a growing pause (a new job each time,
 * the lease released in between); bad input is never retried. Bad data (no label column, a feature of the production version
 * missing) fails the run before anything is registered.
 *
 * <pre>{@code
 * RetrainingOutcome outcome = Retrainer.of(registry, RetrainingPolicy.read(Path.of("credit-policy.json")))
 *         .run("credit");
 * }</pre>
 */
public final class Retrainer {

    private static final Logger log = LoggerFactory.getLogger(Retrainer.class);

    /** The kind of the job records of retraining runs: {@value}. */
    public static final String JOB_KIND = "retraining";
    /** The tag naming the triggers that made a challenger: {@value}. */
    public static final String TRIGGER_TAG = "retraining.trigger";
    /** The tag holding how many rows the data source had when a challenger was trained: {@value}. */
    public static final String ROWS_TAG = "retraining.dataRows";

    private final ModelRegistry registry;
    private final RetrainingPolicy policy;
    private final String holder;
    private final InstantSource clock;

    private Retrainer(ModelRegistry registry, RetrainingPolicy policy, String holder, InstantSource clock) {
        this.registry = registry;
        this.policy = policy;
        this.holder = holder;
        this.clock = clock;
    }

    /** A retrainer holding leases as this process ({@code host:pid:random}). */
    public static Retrainer of(ModelRegistry registry, RetrainingPolicy policy) {
        return new Retrainer(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(policy, "policy"),
                ManagementFactory.getRuntimeMXBean().getName() + ":" + UUID.randomUUID().toString().substring(0, 8),
                InstantSource.system());
    }

    /** The same with another clock (for {@code maxAge}). */
    public Retrainer withClock(InstantSource value) {
        return new Retrainer(registry, policy, holder, Objects.requireNonNull(value, "clock"));
    }

    /**
     * Runs the policy for a model now.
     *
     * @throws LeaseHeldException when another process is retraining the model
     * @throws PolicyException when the policy does not fit the model (a trigger on a metric it lacks)
     * @throws DataException when the data cannot be used; nothing was registered
     * @throws MlopsConfigurationException when the store has no leases
     * @throws DataUnavailableException when the data source could not be reached, after the policy's retries
     * @throws dev.mlops.registry.StorageException when the store failed, after the policy's retries
     */
    public RetrainingOutcome run(String name) {
        RetrainingPolicy.Retries retries = policy.retries();
        List<RuntimeException> earlier = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(name, attempt);
            } catch (RuntimeException e) {
                if (attempt > retries.max() || !retryable(e)) {
                    earlier.forEach(e::addSuppressed);
                    throw e;
                }
                earlier.add(e);
                Duration wait = retries.delay(attempt);
                log.warn("Retraining of {} failed (attempt {} of {}), trying again in {}: {}", name, attempt,
                        retries.max() + 1, wait, e.toString());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    earlier.forEach(e::addSuppressed);
                    throw e;
                }
            }
        }
    }

    /**
     * Whether a failed run may succeed when tried again: the store or the data source could not be
     * reached. Bad input, a held lease, a refused promotion and integrity failures are final.
     */
    static boolean retryable(RuntimeException e) {
        return e instanceof DataUnavailableException || e instanceof StorageException;
    }

    private RetrainingOutcome attempt(String name, int attempt) {
        LeaseStore leases = Leases.of(registry).orElseThrow(() -> new MlopsConfigurationException(
                "the store of this registry has no leases, so retraining cannot be kept to one process at a time"));
        Lease lease = leases.acquire(name, holder, policy.lease()).orElseThrow(() -> new LeaseHeldException(
                "another process is retraining '" + name + "'" + leases.lease(name)
                        .map(l -> ": " + l.holder() + " holds its lease until " + l.expiresAt()).orElse("")));
        String jobId = "retrain-" + UUID.randomUUID();
        // renewed at a third of its duration, so that a long training run keeps it; a run that still
        // loses it (paused for longer than the lease) is fenced off before it promotes
        AtomicReference<Optional<Lease>> held = new AtomicReference<>(Optional.of(lease));
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlops-retraining-lease");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, policy.lease().toMillis() / 3);
        renewer.scheduleAtFixedRate(() -> held.updateAndGet(l -> l.flatMap(x -> renew(leases, x))), period, period,
                TimeUnit.MILLISECONDS);
        Runnable fence = () -> {
            if (held.get().isEmpty() || !leases.lease(name).map(l -> l.token() == lease.token()).orElse(false)) {
                throw new LeaseHeldException("the lease on '" + name + "' was lost during the run (paused longer than "
                        + policy.lease() + "?); another process may be retraining it, so nothing is promoted");
            }
        };
        try {
            registry.jobs(name); // the registry marks the runs of processes that died FAILED as it reads them
            ObjectNode started = Json.object();
            started.put("holder", holder);
            started.put(JobRecord.LEASE_TOKEN, lease.token());
            started.put("attempt", attempt);
            started.put("policy", policy.source());
            recordJob(jobId, name, "RUNNING", started);
            RetrainingOutcome outcome;
            try {
                outcome = decide(name, jobId, started, fence);
            } catch (RuntimeException e) {
                ObjectNode failed = started.deepCopy();
                failed.put("error", e.getMessage());
                recordJob(jobId, name, "FAILED", failed);
                throw e;
            }
            ObjectNode done = started.deepCopy();
            done.put("decision", outcome.decision().id());
            done.put("reason", outcome.reason());
            var triggers = done.putArray("triggers");
            outcome.triggers().forEach(t -> triggers.addObject().put("kind", t.kind()).put("fired", t.fired())
                    .put("detail", t.detail()));
            outcome.challenger().ifPresent(c -> done.put("challenger", c.ref().toString()));
            recordJob(jobId, name, outcome.decision().id(), done);
            log.debug("Retraining of {}: {} ({})", name, outcome.decision().id(), outcome.reason());
            return outcome;
        } finally {
            renewer.shutdownNow();
            held.get().ifPresent(leases::release);
        }
    }

    private Optional<Lease> renew(LeaseStore leases, Lease lease) {
        try {
            Optional<Lease> renewed = leases.renew(lease, policy.lease());
            if (renewed.isEmpty()) {
                log.warn("Lost the retraining lease on {}", lease.name());
            }
            return renewed;
        } catch (RuntimeException e) {
            // a failed renewal is tried again at the next period while the lease lasts
            log.debug("Could not renew the lease on {}: {}", lease.name(), e.toString());
            return Optional.of(lease);
        }
    }

    private void recordJob(String id, String name, String status, ObjectNode document) {
        registry.recordJob(new JobRecord(id, name, JOB_KIND, status, clock.instant(), Json.write(document)));
    }

    /** One run with the lease held; {@code fence} throws when it was lost. */
    private RetrainingOutcome decide(String name, String jobId, ObjectNode running, Runnable fence) {
        Optional<ModelVersion> champion = registry.find(name + "@production");
        Optional<Classifier> championModel = champion.map(v -> Classifiers.load(registry, v.ref().toString()));
        Map<String, FeatureType> types = championModel.map(Classifier::featureColumns).orElse(Map.of());
        LabeledData data = policy.data().read(policy.label(), types);
        for (String column : types.keySet()) {
            if (data.table().type(column).isEmpty()) {
                throw new DataException(data.source(), 1, column, "the production version " + champion.get().ref()
                        + " reads this column; the data has " + data.table().columnNames());
            }
        }
        if (champion.isPresent() && policy.watch().isPresent()) {
            Optional<RetrainingOutcome> rolledBack = watch(champion.get());
            if (rolledBack.isPresent()) {
                return rolledBack.get();
            }
        }
        int rows = data.table().rowCount();
        int held = Math.max(1, (int) Math.round(rows * policy.validation().holdoutFraction()));
        if (rows - held < 2) {
            throw new DataException(data.source(), 0, null, rows + " rows: too few to train on and hold out "
                    + held + " for validation");
        }
        List<TriggerResult> triggers = triggers(champion, data);
        List<TriggerResult> fired = triggers.stream().filter(TriggerResult::fired).toList();
        if (fired.isEmpty()) {
            return new RetrainingOutcome(name, champion, triggers, Optional.empty(), Optional.empty(),
                    RetrainingOutcome.Decision.NO_TRIGGER, "no trigger fired: " + triggers.stream()
                            .map(t -> t.kind() + " (" + t.detail() + ")").collect(Collectors.joining("; ")));
        }
        String because = fired.stream().map(t -> t.kind() + ": " + t.detail()).collect(Collectors.joining("; "));
        String kinds = fired.stream().map(TriggerResult::kind).collect(Collectors.joining(","));
        int[] trainRows = IntStream.range(0, rows - held).toArray();
        int[] holdoutRows = IntStream.range(rows - held, rows).toArray();
        LabeledData trainData = LabeledData.of(data.table().rows(trainRows), policy.label(),
                data.source() + " rows 1-" + (rows - held));
        LabeledData holdout = LabeledData.of(data.table().rows(holdoutRows), policy.label(),
                data.source() + " rows " + (rows - held + 1) + "-" + rows);

        TrainingResult result = train(name, champion, trainData, kinds, because, rows, jobId, running);
        ModelVersion challenger = result.version().orElseThrow();
        try {
            ValidationReport report = validate(championModel, champion, result.model(), challenger, holdout);
            boolean auto = policy.promotion() == RetrainingPolicy.Promotion.AUTO;
            String why = report.passed() ? "validation passed on " + held + " held-out rows: " + report.checks().stream()
                    .map(Check::detail).collect(Collectors.joining("; ")) + "; triggered by " + because : "";
            Promotions.Decision decision = Promotions.decide(registry, challenger.ref(), report,
                    auto ? Stage.PRODUCTION : Stage.STAGING,
                    "retraining (" + kinds + ")" + (auto ? "" : ", awaiting approval") + ": " + why,
                    "retraining (" + kinds + ") rejected", fence);
            if (!decision.promoted()) {
                return new RetrainingOutcome(name, champion, triggers, Optional.of(decision.version()),
                        Optional.of(report), RetrainingOutcome.Decision.REJECTED, decision.reason());
            }
            return new RetrainingOutcome(name, champion, triggers, Optional.of(decision.version()), Optional.of(report),
                    auto ? RetrainingOutcome.Decision.PROMOTED : RetrainingOutcome.Decision.AWAITING_APPROVAL, why);
        } catch (RuntimeException e) {
            // nothing half-promoted: a challenger the run could not finish is archived
            try {
                Promotions.archive(registry, challenger.ref(), "retraining failed: " + e.getMessage());
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private List<TriggerResult> triggers(Optional<ModelVersion> champion, LabeledData data) {
        RetrainingPolicy.Triggers t = policy.triggers();
        List<TriggerResult> results = new ArrayList<>();
        if (champion.isEmpty()) {
            results.add(new TriggerResult("noChampion", true, "no version of the model is in production"));
        }
        if (t.always()) {
            results.add(new TriggerResult("always", true, "the policy retrains on every run"));
        }
        if (champion.isEmpty()) {
            return results;
        }
        Optional<ReferenceProfile> profile = ReferenceProfile.stored(registry, champion.get());
        Baseline baseline = Baseline.of(registry, champion.get());
        PolicySignals signals = new PolicySignals(champion.get(), data, profile, rowsSeen(champion.get(), profile),
                baseline, registry.performance(champion.get().name(), champion.get().version()), clock.instant());
        for (Trigger trigger : t.all()) {
            if (trigger instanceof Trigger.MetricDrop drop && Double.isNaN(signals.baseline(drop.metric()))) {
                throw new PolicyException(policy.source(), "triggers.metricDrop." + drop.metric().jsonName(),
                        "the production version " + champion.get().ref() + " has no validation-time "
                                + drop.metric().jsonName() + " (its baseline, " + baseline.source() + ", has "
                                + baseline.metrics().keySet() + ")");
            }
            results.add(new TriggerResult(RetrainingPolicy.Triggers.field(trigger), trigger.fires(signals),
                    trigger.detail(signals)));
        }
        return results;
    }

    /** Rows of the source when the version was trained: its tag, else its stored profile's row count. */
    private static long rowsSeen(ModelVersion version, Optional<ReferenceProfile> profile) {
        String tagged = version.tags().get(ROWS_TAG);
        if (tagged != null) {
            return Long.parseLong(tagged);
        }
        return profile.flatMap(p -> p.features().stream().findFirst()).map(f -> f.count()).orElse(0L);
    }

    private TrainingResult train(String name, Optional<ModelVersion> champion, LabeledData trainData, String kinds,
            String because, int rows, String jobId, ObjectNode running) {
        Optional<JsonNode> championResult = champion.flatMap(v -> registry.evidence(v.name(), v.version()).stream()
                .filter(e -> e.kind().equals(TrainingResult.EVIDENCE_KIND)).reduce((a, b) -> b).map(Evidence::document)
                .map(Json::read));
        String algorithm = policy.training().algorithm()
                .or(() -> championResult.map(r -> r.path("algorithm").asText()))
                .or(() -> champion.map(v -> v.params().get("algorithm")))
                .orElse("logistic");
        Map<String, String> params = new LinkedHashMap<>();
        if (policy.training().params().isPresent()) {
            params.putAll(policy.training().params().get());
        } else {
            championResult.ifPresent(r -> r.path("params").fields()
                    .forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText())));
        }
        long seed = policy.training().seed().isPresent() ? policy.training().seed().getAsLong()
                : champion.map(v -> v.params().get("seed")).map(Long::parseLong).orElse(TrainingSpec.DEFAULT_SEED);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TRIGGER_TAG, kinds);
        tags.put(ROWS_TAG, Integer.toString(rows));
        tags.put("retraining.job", jobId);
        Registration registration = Registration.as(name).withTags(tags)
                .withDescription("retrained by policy " + policy.source() + " on " + trainData.source() + "; " + because);
        if (champion.isPresent()) {
            registration = registration.withParent(champion.get().ref().toString());
        }
        TrainingSpec.Builder spec = TrainingSpec.builder(Algorithm.parse(algorithm)).params(params).seed(seed).folds(0)
                .register(registration);
        champion.map(v -> v.params().get("positiveClass")).ifPresent(spec::positiveClass);
        try (Trainer trainer = Trainer.builder().registry(registry).clock(clock).build()) {
            TrainingJob job = trainer.submit(trainData, spec.build());
            running.withArray(JobRecord.CHILD_JOBS).add(job.id());
            recordJob(jobId, name, "RUNNING", running);
            return job.await();
        }
    }

    private ValidationReport validate(Optional<Classifier> championModel, Optional<ModelVersion> champion,
            TrainedModel challengerModel, ModelVersion challenger, LabeledData holdout) {
        RetrainingPolicy.ValidationPlan plan = policy.validation();
        Validator.Builder validator = Validator.builder().seed(policy.training().seed().orElse(TrainingSpec.DEFAULT_SEED));
        plan.min().forEach((metric, value) -> {
            if (metric.higherIsBetter()) {
                validator.atLeast(metric, value);
            } else {
                validator.atMost(metric, value);
            }
        });
        if (championModel.isPresent()) {
            validator.champion(championModel.get(), champion.get().ref().toString());
            plan.minImprovement().forEach((metric, improvement) -> {
                if (improvement.relative()) {
                    validator.minRelativeImprovement(metric, improvement.value());
                } else {
                    validator.minImprovement(metric, improvement.value());
                }
            });
            plan.significance().ifPresent(alpha -> validator.significantlyBetter(
                    plan.minImprovement().keySet().stream().findFirst().orElse(Metric.ACCURACY), alpha));
        }
        plan.fairness().ifPresent(f -> validator.fairness(f.group(), f.favorable()));
        if (plan.min().isEmpty() && (plan.minImprovement().isEmpty() || championModel.isEmpty())) {
            // a report needs a check to count as evidence: by default, no less accurate than the champion
            if (championModel.isPresent()) {
                validator.minImprovement(Metric.ACCURACY, 0.0);
            } else {
                validator.minRows(holdout.table().rowCount());
            }
        }
        return validator.build().validate(challengerModel, challenger.ref().toString(), holdout);
    }

    /**
     * Judges a production version an earlier run promoted: when its newest performance record since
     * is worse than its predecessor's validation-time value beyond the tolerance, rolls back.
     */
    private Optional<RetrainingOutcome> watch(ModelVersion champion) {
        RetrainingPolicy.Watch watch = policy.watch().orElseThrow();
        if (!champion.tags().containsKey(TRIGGER_TAG) || champion.lineage().parent().isEmpty()) {
            return Optional.empty();
        }
        List<PerformanceRecord> records = registry.performance(champion.name(), champion.version());
        Optional<ModelVersion> parent = registry.find(champion.lineage().parent());
        if (records.isEmpty() || parent.isEmpty()) {
            return Optional.empty();
        }
        Double live = records.get(records.size() - 1).metrics().get(watch.metric().jsonName());
        Double before = Baseline.of(registry, parent.get()).metrics().get(watch.metric().jsonName());
        if (live == null || before == null) {
            return Optional.empty();
        }
        double sign = watch.metric().higherIsBetter() ? 1 : -1;
        if (Promotions.keeps(sign * live, sign * before, watch.tolerance())) {
            return Optional.empty();
        }
        String why = String.format(Locale.ROOT, "watched: %s %.4f in production is worse than %.4f of its predecessor %s"
                + " at validation time beyond the tolerance %.4f", watch.metric().jsonName(), live, before,
                parent.get().ref(), watch.tolerance());
        ModelVersion restored = Promotions.rollback(registry, champion.name(), why);
        return Optional.of(new RetrainingOutcome(champion.name(), Optional.of(champion), List.of(), Optional.empty(),
                Optional.empty(), RetrainingOutcome.Decision.ROLLED_BACK, why + "; " + restored.ref() + " is back"));
    }

    /** The lease holder of this retrainer: {@code host:pid:random}. */
    public String holder() {
        return holder;
    }
}
