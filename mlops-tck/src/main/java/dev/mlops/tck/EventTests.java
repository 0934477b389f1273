package dev.mlops.tck;

import static dev.mlops.tck.TckGroup.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.RegistryListener;
import dev.mlops.registry.Stage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Other instances on the same store: their changes reach this registry's listeners and its cache
 * of loaded models.
 */
interface EventTests extends TckGroup {

    @Test
    @DisplayName("listeners hear of registrations, stage changes and alias moves by other instances")
    default void events() throws Exception {
        List<RegistryEvent> events = new CopyOnWriteArrayList<>();
        registry().addListener(events::add);
        ModelRegistry other = open(b -> { });
        ModelVersion v = other.register(RegisterRequest.builder("ev",
                ArtifactSource.of(new byte[] {1})).build());
        other.promote("ev", v.version(), Stage.TESTING, "");
        other.setAlias("ev", "candidate", 1);
        eventually(() -> events.size() >= 3, "three events arrive");
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOf(RegistryEvent.VersionRegistered.class);
        assertThat(events.get(1)).isInstanceOfSatisfying(RegistryEvent.StageChanged.class, e -> {
            assertThat(e.from()).isEqualTo(Stage.DRAFT);
            assertThat(e.to()).isEqualTo(Stage.TESTING);
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(RegistryEvent.AliasMoved.class, e -> {
            assertThat(e.alias()).isEqualTo("candidate");
            assertThat(e.toVersion()).isEqualTo(1);
        });
    }

    @Test
    @DisplayName("a removed listener hears nothing more")
    default void removedListener() throws Exception {
        List<RegistryEvent> kept = new CopyOnWriteArrayList<>();
        List<RegistryEvent> removed = new CopyOnWriteArrayList<>();
        RegistryListener gone = removed::add;
        registry().addListener(kept::add);
        registry().addListener(gone);
        registry().removeListener(gone);
        ModelRegistry other = open(b -> { });
        other.register(RegisterRequest.builder("rm", ArtifactSource.of(new byte[] {1})).build());
        eventually(() -> !kept.isEmpty(), "the registration is heard");
        assertThat(removed).isEmpty();
    }

    @Test
    @DisplayName("a cached production model follows promotions here at once and elsewhere soon")
    default void cacheFollowsPromotions() throws Exception {
        for (String label : List.of("one", "two", "three")) {
            registry().register(RegisterRequest.builder("svc",
                    ArtifactSource.of(TckModels.constant(label))).format(TckModels.ConstantFormat.NAME).build());
        }
        TckModels.ConstantFormat format = TckModels.FORMAT;
        moveTo(registry(), registry().get("svc:1"), Stage.PRODUCTION);
        assertThat(predict(registry().load("svc@production", format))).isEqualTo("one");

        moveTo(registry(), registry().get("svc:2"), Stage.PRODUCTION);
        assertThat(predict(registry().load("svc@production", format))).isEqualTo("two");

        ModelRegistry other = open(b -> { });
        moveTo(other, other.get("svc:3"), Stage.PRODUCTION);
        eventually(() -> predict(registry().load("svc@production", format)).equals("three"),
                "the promotion by another instance is seen");
        other.rollback("svc", "");
        eventually(() -> predict(registry().load("svc@production", format)).equals("two"),
                "the rollback by another instance is seen");
    }

    private static String predict(TckModels.ConstantModel model) {
        return model.predict();
    }
}
