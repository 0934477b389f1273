package dev.mlops.spring.boot;

import dev.mlops.micrometer.DriftMonitorMetrics;
import dev.mlops.micrometer.OnlineLearnerMetrics;
import dev.mlops.micrometer.RegistryMetrics;
import dev.mlops.micrometer.RouterMetrics;
import dev.mlops.micrometer.TrainerMetrics;
import dev.mlops.online.OnlineLearner;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.training.Trainer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Binds the service's mlops parts to the meter registry: the registry ({@link RegistryMetrics}),
 * every router of {@link MlopsRouters} ({@link RouterMetrics}), every monitor of
 * {@link MlopsMonitors} ({@link DriftMonitorMetrics}, tagged with its name), and the
 * {@link Trainer} and {@code OnlineLearner} beans ({@link TrainerMetrics}, {@link OnlineLearnerMetrics},
 * a learner tagged with its bean name). Spring Boot binds it once its meter registry is ready.
 */
public class MlopsMeterBinder implements MeterBinder, DisposableBean {

    private static final boolean TRAINING = ClassUtils.isPresent("dev.mlops.training.Trainer", null);
    private static final boolean ONLINE = ClassUtils.isPresent("dev.mlops.online.OnlineLearner", null);

    private final ModelRegistry registry;
    private final MlopsRouters routers;
    private final MlopsMonitors monitors;
    private final ListableBeanFactory beans;
    private final List<AutoCloseable> binders = new ArrayList<>();

    /** A binder of the registry, routers and monitors, and of the trainers and learners among {@code beans}. */
    public MlopsMeterBinder(ModelRegistry registry, MlopsRouters routers, MlopsMonitors monitors,
            ListableBeanFactory beans) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.routers = Objects.requireNonNull(routers, "routers");
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.beans = Objects.requireNonNull(beans, "beans");
    }

    @Override
    public synchronized void bindTo(MeterRegistry meterRegistry) {
        if (binders.isEmpty()) {
            binders.add(new RegistryMetrics(registry, Tags.empty()));
            routers.all().values().forEach(router -> binders.add(new RouterMetrics(router, registry, Tags.empty())));
            monitors.all().values().forEach(w -> binders.add(new DriftMonitorMetrics(w.monitor(), w.name(), Tags.empty())));
            if (TRAINING) {
                binders.addAll(Training.binders(beans));
            }
            if (ONLINE) {
                binders.addAll(Online.binders(beans));
            }
        }
        for (AutoCloseable binder : binders) {
            ((MeterBinder) binder).bindTo(meterRegistry);
        }
    }

    /** Stops following the parts and removes their meters. */
    @Override
    public synchronized void destroy() throws Exception {
        for (AutoCloseable binder : binders) {
            binder.close();
        }
        binders.clear();
    }

    /** Loaded only when mlops-training is present. */
    private static final class Training {
        static List<AutoCloseable> binders(ListableBeanFactory beans) {
            return beans.getBeansOfType(Trainer.class).values().stream()
                    .map(trainer -> (AutoCloseable) new TrainerMetrics(trainer, Tags.empty())).toList();
        }
    }

    /** Loaded only when mlops-online is present. */
    private static final class Online {
        static List<AutoCloseable> binders(ListableBeanFactory beans) {
            return beans.getBeansOfType(OnlineLearner.class).entrySet().stream()
                    .map(e -> (AutoCloseable) new OnlineLearnerMetrics(e.getValue(), e.getKey(), Tags.empty())).toList();
        }
    }
}
