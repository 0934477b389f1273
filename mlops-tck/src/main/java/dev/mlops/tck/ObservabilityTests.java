package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.IntegrityException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.RegistryStats;
import dev.mlops.registry.Stage;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a registry tells about itself, and whom it records: its counts and its actor views. */
interface ObservabilityTests extends TckGroup {

    /** Registers a {@link TckModels#constant} model of {@code label} as a new version of {@code name}. */
    private ModelVersion registerModel(String name, String label) {
        return registry().register(RegisterRequest.builder(name, ArtifactSource.of(TckModels.constant(label)))
                .format(TckModels.ConstantFormat.NAME).build());
    }

    @Test
    @DisplayName("counts cache hits and misses, loads, verifications, registrations, promotions by stage and rollbacks")
    default void counts() throws Exception {
        RegistryStats none = registry().stats();
        assertThat(none.cacheHits() + none.cacheMisses() + none.loads() + none.verifications() + none.registrations()
                + none.rollbacks() + none.totalPromotions()).isZero();
        assertThat(none.promotions()).containsOnlyKeys(Stage.values());

        ModelVersion first = registerModel("counted", "yes");
        ModelVersion second = registerModel("counted", "no");
        moveTo(registry(), first, Stage.PRODUCTION);
        moveTo(registry(), second, Stage.PRODUCTION);
        registry().rollback("counted", "tck");
        for (int i = 0; i < 5; i++) {
            assertThat(registry().load("counted@production", TckModels.FORMAT).predict()).isEqualTo("yes");
        }
        assertThat(registry().verify("counted:2").intact()).isTrue();
        ModelVersion notAModel = register("counted");
        assertThatThrownBy(() -> registry().load(notAModel.ref().toString(), TckModels.FORMAT))
                .isInstanceOf(IntegrityException.class);
        fixture().corruptArtifact(second.sha256());
        assertThat(registry().verify("counted:2").intact()).isFalse();

        RegistryStats stats = registry().stats();
        assertThat(stats.registrations()).isEqualTo(3);
        assertThat(stats.promotions()).containsEntry(Stage.TESTING, 2L).containsEntry(Stage.STAGING, 2L)
                .containsEntry(Stage.PRODUCTION, 2L).containsEntry(Stage.ARCHIVED, 0L);
        assertThat(stats.totalPromotions()).isEqualTo(6);
        assertThat(stats.rollbacks()).isEqualTo(1);
        assertThat(stats.cacheMisses()).as("the first load of each reference").isEqualTo(2);
        assertThat(stats.cacheHits()).isEqualTo(4);
        assertThat(stats.loads()).isEqualTo(2);
        assertThat(stats.loadFailures()).as("bytes that are not a model of the format").isEqualTo(1);
        assertThat(stats.verifications()).as("two loads and two verify calls").isEqualTo(4);
        assertThat(stats.verificationFailures()).as("the damaged artifact").isEqualTo(1);
    }

    @Test
    @DisplayName("an actor view records its changes as its actor and shares the registry's cache, counts and life")
    default void actorViews() {
        ModelVersion v = registerModel("acted", "yes");
        ModelRegistry alice = registry().withActor("alice@example.com");
        alice.promote("acted", v.version(), Stage.TESTING, "by alice");
        alice.setAlias("acted", "champion", v.version());
        registry().promote("acted", v.version(), Stage.STAGING, "by the service");
        List<AuditEvent> history = registry().history("acted");
        assertThat(history).extracting(AuditEvent::actor)
                .containsExactly(v.createdBy(), "alice@example.com", "alice@example.com", v.createdBy());
        assertThat(alice.get("acted@champion").version()).isEqualTo(v.version());

        registry().load("acted@champion", TckModels.FORMAT);
        alice.load("acted@champion", TckModels.FORMAT);
        assertThat(alice.stats()).isEqualTo(registry().stats());
        assertThat(registry().stats().cacheHits()).as("the view hit the registry's cache").isEqualTo(1);
        assertThat(registry().stats().totalPromotions()).isEqualTo(2);

        alice.close();
        assertThat(registry().get("acted:1").stage()).as("closing a view closes nothing").isEqualTo(Stage.STAGING);
        assertThat(alice.get("acted:1").stage()).isEqualTo(Stage.STAGING);
        assertThatThrownBy(() -> registry().withActor(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actor");
        registry().close();
        assertThatThrownBy(() -> alice.get("acted:1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
