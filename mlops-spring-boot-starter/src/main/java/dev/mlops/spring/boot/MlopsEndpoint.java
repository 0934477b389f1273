package dev.mlops.spring.boot;

import dev.mlops.InputException;
import dev.mlops.drift.DriftAlert;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.model.Classifier;
import dev.mlops.online.LearnerMetrics;
import dev.mlops.online.OnlineEvent;
import dev.mlops.online.OnlineLearner;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PromotionRefusedException;
import dev.mlops.registry.Stage;
import dev.mlops.retraining.RetrainingOutcome;
import dev.mlops.retraining.TriggerResult;
import dev.mlops.routing.Router;
import dev.mlops.routing.ServedVariant;
import dev.mlops.routing.VariantStats;
import dev.mlops.training.JobState;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingJob;
import dev.mlops.validation.Check;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.ClassUtils;

/**
 * The {@code mlops} Actuator endpoint: over HTTP, what the {@code mlops} command offers in a shell.
 *
 * <ul>
 *   <li>{@code GET /actuator/mlops}: the models with their production versions; the experiments
 *       with each variant's model, version, share and live counts (the same counters the meters
 *       read); the drift monitors with their latest check; the online learners with their
 *       prequential metrics and latest decisions; the training jobs of this process with their
 *       status and progress.</li>
 *   <li>{@code GET /actuator/mlops/{model}}: a model's versions, aliases, job records (of every
 *       process on the store) and latest audit entries.</li>
 *   <li>{@code POST /actuator/mlops/{action}} with a JSON body, only when the endpoint's access is
 *       unrestricted ({@code management.endpoint.mlops.access=unrestricted}; it is read-only by
 *       default): {@code promote} ({@code model}, {@code version}, {@code stage}, {@code reason}),
 *       {@code rollback} ({@code model}, {@code reason}), {@code alias} ({@code model},
 *       {@code alias}, {@code version}), {@code weights} ({@code experiment}, {@code weights} as
 *       {@code control=30,treatment=70}), {@code canary} ({@code experiment}, {@code percent}) and
 *       {@code retrain}: with {@code learner} (and {@code reason}), the online learner's retraining
 *       under its own triggers and validation (202, it runs in the learner); with {@code model}, a run
 *       of the model's retraining policy ({@code mlops.retraining.<model>.policy}, see
 *       {@link dev.mlops.retraining.Retrainer}) now, answered with its outcome: {@code {"model",
 *       "champion","triggers":[{"kind","fired","detail"}],"challenger","validation":{"passed",
 *       "checks":[...]},"decision","reason"}} as {@code mlops retrain} prints it. Registry changes are made as the authenticated principal, so
 *       the registry's audit log names them; every write is also published as a Spring Boot audit
 *       event ({@code MLOPS_PROMOTE}, ...) with the principal. Without an authenticated principal a
 *       write is refused (401) unless {@code mlops.endpoint.anonymous-writes} is on.</li>
 * </ul>
 */
@Endpoint(id = "mlops", defaultAccess = Access.READ_ONLY)
public class MlopsEndpoint {

    private static final boolean TRAINING = ClassUtils.isPresent("dev.mlops.training.Trainer", null);
    private static final boolean ONLINE = ClassUtils.isPresent("dev.mlops.online.OnlineLearner", null);
    /** Audit entries shown per model. */
    static final int HISTORY = 20;

    private final ModelRegistry registry;
    private final MlopsRouters routers;
    private final MlopsMonitors monitors;
    private final ListableBeanFactory beans;
    private final ApplicationEventPublisher events;
    private final MlopsProperties properties;

    /** The endpoint over the service's registry, routers, monitors and the learners and trainers among its beans. */
    public MlopsEndpoint(ModelRegistry registry, MlopsRouters routers, MlopsMonitors monitors, ListableBeanFactory beans,
            ApplicationEventPublisher events, MlopsProperties properties) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.routers = Objects.requireNonNull(routers, "routers");
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.beans = Objects.requireNonNull(beans, "beans");
        this.events = Objects.requireNonNull(events, "events");
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    /** Models, experiments, monitors, learners and training jobs. */
    @ReadOperation
    public Map<String, Object> overview() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("store", properties.getStore());
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelSummary model : registry.models()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", model.name());
            m.put("productionVersion", model.productionVersion() == 0 ? null : model.productionVersion());
            m.put("latestVersion", model.latestVersion());
            m.put("versions", model.versionCount());
            models.add(m);
        }
        body.put("models", models);
        List<Map<String, Object>> experiments = new ArrayList<>();
        routers.all().values().forEach(router -> experiments.add(experiment(router)));
        body.put("experiments", experiments);
        List<Map<String, Object>> watched = new ArrayList<>();
        monitors.all().values().forEach(w -> watched.add(monitor(w)));
        body.put("monitors", watched);
        body.put("learners", ONLINE ? Online.learners(beans) : List.of());
        body.put("jobs", TRAINING ? Training.jobs(beans) : List.of());
        return body;
    }

    private Map<String, Object> experiment(Router<Classifier> router) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", router.experiment().id());
        double[] shares = router.experiment().shares();
        List<Map<String, Object>> variants = new ArrayList<>();
        for (ServedVariant<Classifier> variant : router.variants()) {
            VariantStats stats = router.stats(variant.name());
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", variant.name());
            v.put("model", variant.modelRef());
            v.put("version", registry.find(variant.modelRef()).map(ModelVersion::version).orElse(null));
            v.put("share", shares[variant.index()]);
            v.put("assignments", stats.assignments());
            v.put("predictions", stats.predictions());
            v.put("errors", stats.errors());
            v.put("latencyP50Millis", stats.latencyP50Millis());
            v.put("latencyP95Millis", stats.latencyP95Millis());
            v.put("latencyP99Millis", stats.latencyP99Millis());
            v.put("conversionUnits", stats.conversions().count());
            v.put("conversions", stats.conversions().successes());
            variants.add(v);
        }
        e.put("variants", variants);
        e.put("canaryPercent", router.experiment().canary().map(c -> (Object) c.percent()).orElse(null));
        router.shadowStats().ifPresent(shadow -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("model", shadow.model());
            s.put("mirrored", shadow.mirrored());
            s.put("compared", shadow.compared());
            s.put("agreed", shadow.agreed());
            s.put("failed", shadow.failed());
            s.put("dropped", shadow.dropped());
            e.put("shadow", s);
        });
        return e;
    }

    private static Map<String, Object> monitor(MlopsMonitors.Watched watched) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", watched.name());
        m.put("model", watched.model());
        m.put("version", watched.version().ref().toString());
        m.put("rows", watched.monitor().recordedRows());
        Optional<DriftReport> last = watched.monitor().lastReport();
        m.put("drifted", last.map(DriftReport::drifted).orElse(null));
        List<Map<String, Object>> features = new ArrayList<>();
        last.ifPresent(report -> {
            for (FeatureDrift feature : report.features()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("name", feature.name());
                f.put("drifted", feature.drifted());
                f.put("severity", feature.severity().name().toLowerCase(Locale.ROOT));
                f.put("score", feature.effectSize().isPresent() ? feature.effectSize().getAsDouble() : null);
                features.add(f);
            }
        });
        m.put("features", features);
        List<DriftAlert> alerts = watched.monitor().alertHistory();
        m.put("alerts", alerts.size());
        m.put("lastAlert", alerts.isEmpty() ? null : alerts.get(alerts.size() - 1).message());
        return m;
    }

    /** One model: versions, aliases, job records and the latest audit entries. */
    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> model(@Selector String name) {
        List<ModelVersion> versions;
        try {
            versions = registry.versions(name);
        } catch (ModelNotFoundException | IllegalArgumentException e) {
            return error(WebEndpointResponse.STATUS_NOT_FOUND, e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        List<Map<String, Object>> list = new ArrayList<>();
        for (ModelVersion v : versions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", v.version());
            m.put("stage", v.stage().name().toLowerCase(Locale.ROOT));
            m.put("aliases", v.aliases());
            m.put("format", v.format());
            m.put("createdAt", v.createdAt().toString());
            m.put("createdBy", v.createdBy());
            m.put("metrics", v.metrics());
            list.add(m);
        }
        body.put("versions", list);
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (JobRecord job : registry.jobs(name)) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", job.id());
            j.put("kind", job.kind());
            j.put("status", job.status());
            j.put("updatedAt", job.updatedAt().toString());
            jobs.add(j);
        }
        body.put("jobs", jobs);
        List<AuditEvent> history = registry.history(name);
        List<Map<String, Object>> audit = new ArrayList<>();
        for (AuditEvent e : history.subList(Math.max(0, history.size() - HISTORY), history.size())) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("time", e.time().toString());
            a.put("actor", e.actor());
            a.put("action", e.action().id());
            a.put("version", e.version());
            a.put("from", e.from());
            a.put("to", e.to());
            a.put("reason", e.reason());
            audit.add(a);
        }
        body.put("history", audit);
        return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
    }

    /**
     * Runs a write action (see the class comment) as the authenticated principal.
     *
     * @return 200 with the result (202 for a learner's {@code retrain}, which runs in the learner); 400
     *     for a missing or bad argument (or data a policy run cannot use), 401 without a principal, 404
     *     for an unknown model, experiment, learner or policy, 409 when the lifecycle or a gate refuses
     *     or another process is retraining the model
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> perform(@Selector String action, SecurityContext security,
            @Nullable String model, @Nullable Integer version, @Nullable String stage, @Nullable String alias,
            @Nullable String reason, @Nullable String experiment, @Nullable String weights, @Nullable Double percent,
            @Nullable String learner) {
        Principal principal = security.getPrincipal();
        if (principal == null && !properties.getEndpoint().isAnonymousWrites()) {
            return error(401, "write operations of the mlops endpoint need an authenticated principal"
                    + " (or mlops.endpoint.anonymous-writes=true)");
        }
        ModelRegistry acting = principal == null ? registry : registry.withActor(principal.getName());
        String why = reason == null ? "" : reason;
        Map<String, Object> audit = new LinkedHashMap<>();
        Map<String, Object> result = new LinkedHashMap<>();
        int status = WebEndpointResponse.STATUS_OK;
        try {
            switch (action) {
                case "promote" -> {
                    ModelVersion v = acting.promote(required("model", model), requiredVersion(version),
                            Stage.parse(required("stage", stage)), why);
                    result.putAll(version(v));
                }
                case "rollback" -> result.putAll(version(acting.rollback(required("model", model), why)));
                case "alias" -> {
                    var move = acting.setAlias(required("model", model), required("alias", alias), requiredVersion(version));
                    result.put("model", move.name());
                    result.put("alias", move.alias());
                    result.put("fromVersion", move.fromVersion() == 0 ? null : move.fromVersion());
                    result.put("toVersion", move.toVersion());
                }
                case "weights" -> {
                    Router<Classifier> router = router(required("experiment", experiment));
                    router.setWeights(parseWeights(required("weights", weights)));
                    result.putAll(experiment(router));
                }
                case "canary" -> {
                    if (percent == null) {
                        throw new IllegalArgumentException("percent is required");
                    }
                    Router<Classifier> router = router(required("experiment", experiment));
                    router.rampCanary(percent);
                    result.putAll(experiment(router));
                }
                case "retrain" -> {
                    if (!ONLINE) {
                        return error(WebEndpointResponse.STATUS_NOT_FOUND, "no online learner or retraining policy:"
                                + " mlops-online is not present");
                    }
                    if (learner == null && model != null) {
                        result.putAll(Online.retrainModel(beans, acting, model));
                    } else {
                        result.putAll(Online.retrain(beans, required("learner (or model)", learner), why));
                        status = 202;
                    }
                }
                default -> {
                    return error(WebEndpointResponse.STATUS_BAD_REQUEST, "unknown action '" + action
                            + "'; expected promote, rollback, alias, weights, canary or retrain");
                }
            }
        } catch (ModelNotFoundException | UnknownException e) {
            return error(WebEndpointResponse.STATUS_NOT_FOUND, e.getMessage());
        } catch (ConflictException | PromotionRefusedException | IllegalStateException e) {
            return error(409, e.getMessage());
        } catch (IllegalArgumentException | InputException e) {
            return error(WebEndpointResponse.STATUS_BAD_REQUEST, e.getMessage());
        }
        audit.put("action", action);
        putIfSet(audit, "model", model);
        putIfSet(audit, "version", version);
        putIfSet(audit, "stage", stage);
        putIfSet(audit, "alias", alias);
        putIfSet(audit, "experiment", experiment);
        putIfSet(audit, "weights", weights);
        putIfSet(audit, "percent", percent);
        putIfSet(audit, "learner", learner);
        putIfSet(audit, "reason", reason);
        events.publishEvent(new AuditApplicationEvent(principal == null ? "anonymous" : principal.getName(),
                "MLOPS_" + action.toUpperCase(Locale.ROOT), audit));
        return new WebEndpointResponse<>(result, status);
    }

    private Router<Classifier> router(String experiment) {
        if (!routers.all().containsKey(experiment)) {
            throw new UnknownException("no experiment '" + experiment + "'; there are " + routers.all().keySet());
        }
        return routers.router(experiment);
    }

    private static Map<String, Object> version(ModelVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", v.name());
        m.put("version", v.version());
        m.put("stage", v.stage().name().toLowerCase(Locale.ROOT));
        return m;
    }

    private static void putIfSet(Map<String, Object> map, String key, @Nullable Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String required(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static int requiredVersion(@Nullable Integer version) {
        if (version == null) {
            throw new IllegalArgumentException("version is required");
        }
        return version;
    }

    /** {@code control=30,treatment=70} as a map, refusing malformed pairs by name. */
    static Map<String, Double> parseWeights(String text) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("weights: '" + pair.trim() + "' is not VARIANT=WEIGHT");
            }
            String name = pair.substring(0, eq).trim();
            try {
                weights.put(name, Double.parseDouble(pair.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weights: the weight of '" + name + "' is not a number: '"
                        + pair.substring(eq + 1).trim() + "'", e);
            }
        }
        return weights;
    }

    private static WebEndpointResponse<Map<String, Object>> error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        return new WebEndpointResponse<>(body, status);
    }

    /** Something named in a request that the service does not have (an experiment, a learner). */
    static final class UnknownException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownException(String message) {
            super(message);
        }
    }

    /** The training jobs of the trainers among the beans: loaded only when mlops-training is present. */
    static final class Training {

        private Training() {
        }

        static List<Map<String, Object>> jobs(ListableBeanFactory beans) {
            List<Map<String, Object>> jobs = new ArrayList<>();
            beans.getBeansOfType(Trainer.class).forEach((name, trainer) -> {
                for (TrainingJob job : trainer.jobs()) {
                    JobState state = job.state();
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("id", state.id());
                    j.put("trainer", name);
                    j.put("description", state.description());
                    j.put("status", state.status().name());
                    j.put("progress", state.progress());
                    j.put("step", state.step());
                    j.put("submittedAt", state.submittedAt().toString());
                    j.put("finishedAt", state.finishedAt().map(Object::toString).orElse(null));
                    j.put("error", state.error().orElse(null));
                    j.put("modelVersion", state.modelVersion().orElse(null));
                    jobs.add(j);
                }
            });
            return jobs;
        }
    }

    /** The online learners among the beans: loaded only when mlops-online is present. */
    static final class Online {

        private Online() {
        }

        static List<Map<String, Object>> learners(ListableBeanFactory beans) {
            List<Map<String, Object>> learners = new ArrayList<>();
            beans.getBeansOfType(OnlineLearner.class).forEach((name, learner) -> {
                LearnerMetrics metrics = learner.metrics();
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("name", name);
                l.put("servingVersion", metrics.servingVersion().map(Object::toString).orElse(null));
                l.put("generation", metrics.generation());
                l.put("samples", metrics.samples());
                l.put("predictions", metrics.predictions());
                l.put("accuracy", finite(metrics.accuracy()));
                l.put("windowAccuracy", finite(metrics.windowAccuracy()));
                l.put("retrains", metrics.retrains());
                l.put("promotions", metrics.promotions());
                l.put("rejections", metrics.rejections());
                l.put("rollbacks", metrics.rollbacks());
                l.put("queued", metrics.queued());
                List<OnlineEvent> history = learner.events();
                l.put("recentEvents", history.subList(Math.max(0, history.size() - 5), history.size()).stream()
                        .map(OnlineEvent::toString).toList());
                learners.add(l);
            });
            return learners;
        }

        static Map<String, Object> retrain(ListableBeanFactory beans, String name, String reason) {
            Map<String, OnlineLearner> learners = beans.getBeansOfType(OnlineLearner.class);
            OnlineLearner learner = learners.get(name);
            if (learner == null) {
                throw new UnknownException("no online learner '" + name + "'; there are " + learners.keySet());
            }
            learner.retrain(reason.isEmpty() ? "requested through the mlops endpoint" : reason);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("learner", name);
            result.put("retraining", "queued behind the examples before it; its decision is in the learner's events");
            return result;
        }

        /** Runs a model's retraining policy as the acting registry's actor; the outcome as {@code mlops retrain} prints it. */
        static Map<String, Object> retrainModel(ListableBeanFactory beans, ModelRegistry acting, String model) {
            MlopsRetrainingPolicies policies = beans.getBeanProvider(MlopsRetrainingPolicies.class).getIfAvailable();
            if (policies == null) {
                throw new UnknownException("no retraining policies: the service has no MlopsRetrainingPolicies bean");
            }
            RetrainingOutcome outcome = policies.run(acting, model);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("model", outcome.model());
            result.put("champion", outcome.champion().map(MlopsEndpoint::version).orElse(null));
            List<Map<String, Object>> triggers = new ArrayList<>();
            for (TriggerResult t : outcome.triggers()) {
                Map<String, Object> trigger = new LinkedHashMap<>();
                trigger.put("kind", t.kind());
                trigger.put("fired", t.fired());
                trigger.put("detail", t.detail());
                triggers.add(trigger);
            }
            result.put("triggers", triggers);
            result.put("challenger", outcome.challenger().map(MlopsEndpoint::version).orElse(null));
            result.put("validation", outcome.validation().map(report -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("passed", report.passed());
                List<Map<String, Object>> checks = new ArrayList<>();
                for (Check check : report.checks()) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("name", check.name());
                    c.put("value", finite(check.value()));
                    c.put("threshold", finite(check.threshold()));
                    c.put("passed", check.passed());
                    c.put("detail", check.detail());
                    checks.add(c);
                }
                v.put("checks", checks);
                return v;
            }).orElse(null));
            result.put("decision", outcome.decision().id());
            result.put("reason", outcome.reason());
            return result;
        }

        private static Object finite(double value) {
            return Double.isFinite(value) ? value : null;
        }
    }
}
