package dev.mlops.tck;

import static dev.mlops.tck.TckGroup.concurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.GarbageCollection;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Retention;
import dev.mlops.registry.Stage;
import dev.mlops.spi.ArtifactCollection;
import dev.mlops.spi.ModelStore;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Deletion and retention: tombstones the audit check accepts, numbers never reused, production and
 * aliased versions refused, artifact bytes removed when nothing references them, and garbage
 * collection that never takes the bytes of a registration running at the same time.
 */
interface DeletionTests extends TckGroup {

    /** The grace period of the collection racing registrations: far longer than one takes. */
    Duration GRACE = Duration.ofSeconds(3);

    /** A registry on the store that removes unreferenced bytes at once (no grace period). */
    private ModelRegistry eager() {
        return open(b -> b.artifactGrace(Duration.ZERO));
    }

    private boolean stored(String sha256) {
        try (ModelStore store = fixture().openStore()) {
            return ((ArtifactCollection) store).artifactDigests().contains(sha256);
        }
    }

    @Test
    @DisplayName("a deleted version is no longer listed, its number is never reused, and its tombstone passes audit verify")
    default void deleteLeavesATombstone() {
        register("del");
        ModelVersion second = register("del");
        registry().withActor("dpo").delete("del", 2, "erasure request 17");
        assertThat(registry().versions("del")).extracting(ModelVersion::version).containsExactly(1);
        assertThat(registry().find("del:2")).isEmpty();
        assertThat(registry().get("del").version()).isEqualTo(1);
        assertThat(register("del").version()).isEqualTo(3);

        AuditEvent tombstone = registry().history("del").stream()
                .filter(e -> e.action() == AuditAction.DELETE).findFirst().orElseThrow();
        assertThat(tombstone.actor()).isEqualTo("dpo");
        assertThat(tombstone.version()).isEqualTo(2);
        assertThat(tombstone.from()).isEqualTo("DRAFT");
        assertThat(tombstone.reason()).isEqualTo("erasure request 17");
        assertThat(tombstone.detail()).isEqualTo("sha256=" + second.sha256());
        assertThat(registry().verifyAudit().problems()).isEmpty();
        assertThat(registry().models().get(0).versionCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("deleting a production or aliased version is refused and changes nothing")
    default void productionAndAliasedVersionsStay() {
        moveTo(registry(), register("keep"), Stage.PRODUCTION);
        register("keep");
        registry().setAlias("keep", "champion", 2);
        int entries = registry().history("keep").size();
        assertThatThrownBy(() -> registry().delete("keep", 1, "cleanup"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("PRODUCTION");
        assertThatThrownBy(() -> registry().delete("keep", 2, "cleanup"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("champion");
        assertThatThrownBy(() -> registry().delete("keep", 9, "cleanup"))
                .isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> registry().delete("keep", 2, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThat(registry().versions("keep")).hasSize(2);
        assertThat(registry().history("keep")).hasSize(entries);
    }

    @Test
    @DisplayName("the bytes go with the last version that uses them, and stay while another does")
    default void bytesGoWithTheirLastVersion() {
        fixture().require(StoreCapability.ARTIFACT_REMOVAL);
        ModelRegistry r = eager();
        byte[] shared = TckModels.bytes(100, 7);
        ModelVersion a = r.register(RegisterRequest.builder("bytes", ArtifactSource.of(shared)).build());
        ModelVersion b = r.register(RegisterRequest.builder("other", ArtifactSource.of(shared)).build());
        assertThat(a.sha256()).isEqualTo(b.sha256());
        r.delete("bytes", 1, "test");
        assertThat(stored(a.sha256())).isTrue();
        assertThat(r.verify("other:1").intact()).isTrue();
        r.delete("other", 1, "test");
        assertThat(stored(a.sha256())).isFalse();
        assertThat(r.verifyAudit().problems()).isEmpty();
    }

    @Test
    @DisplayName("bytes stored within the grace period outlive a deletion, and garbage collection takes them later")
    default void graceKeepsFreshBytes() {
        fixture().require(StoreCapability.ARTIFACT_REMOVAL);
        ModelVersion v = register("fresh");
        registry().delete("fresh", 1, "test");  // the fixture's registry keeps an hour's grace
        assertThat(stored(v.sha256())).isTrue();
        GarbageCollection kept = registry().collectGarbage(Duration.ofHours(1));
        assertThat(kept.kept()).containsExactly(v.sha256());
        assertThat(kept.removed()).isEmpty();
        GarbageCollection collected = registry().collectGarbage(Duration.ZERO);
        assertThat(collected.removed()).containsExactly(v.sha256());
        assertThat(stored(v.sha256())).isFalse();
    }

    @Test
    @DisplayName("garbage collection removes only bytes no version references")
    default void collectsOnlyGarbage() {
        fixture().require(StoreCapability.ARTIFACT_REMOVAL);
        ModelVersion live = register("gc");
        String orphan;
        try (ModelStore store = fixture().openStore()) {
            orphan = store.putArtifact(new ByteArrayInputStream(TckModels.bytes(50, 3))).sha256();
        }
        GarbageCollection gc = registry().collectGarbage(Duration.ZERO);
        assertThat(gc.removed()).containsExactly(orphan);
        assertThat(gc.artifacts()).isEqualTo(2);
        assertThat(registry().verify("gc:1").intact()).isTrue();
        assertThat(stored(live.sha256())).isTrue();
    }

    @Test
    @DisplayName("retention deletes the archived versions beyond the newest N and older than the maximum age")
    default void retention() {
        for (int i = 0; i < 5; i++) {
            moveTo(registry(), register("ret"), Stage.ARCHIVED);
            clock().advance(Duration.ofDays(10));
        }
        register("ret");
        registry().setAlias("ret", "audit", 1);
        List<ModelVersion> deleted = registry().applyRetention("ret", new Retention(3, Optional.empty()), "keep 3");
        assertThat(deleted).extracting(ModelVersion::version).containsExactly(2);
        deleted = registry().applyRetention("ret", new Retention(3, Optional.of(Duration.ofDays(25))), "age");
        assertThat(deleted).extracting(ModelVersion::version).containsExactly(3);
        assertThat(registry().versions("ret")).extracting(ModelVersion::version).containsExactly(1, 4, 5, 6);
        assertThat(registry().history("ret")).filteredOn(e -> e.action() == AuditAction.DELETE)
                .extracting(AuditEvent::reason).containsExactly("keep 3", "age");
        assertThat(registry().verifyAudit().problems()).isEmpty();
    }

    @Test
    @DisplayName("garbage collection running while others register never takes the bytes of a committed version")
    default void collectionUnderConcurrentWriters() throws Exception {
        fixture().require(StoreCapability.ARTIFACT_REMOVAL);
        List<String> orphans = new ArrayList<>();
        try (ModelStore store = fixture().openStore()) {
            for (int i = 0; i < 3; i++) {
                orphans.add(store.putArtifact(new ByteArrayInputStream(TckModels.bytes(40, 900 + i))).sha256());
            }
        }
        Thread.sleep(GRACE.toMillis() + 200);  // the orphans are older than the grace period
        ModelRegistry collector = open(b -> { });
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger roles = new AtomicInteger();
        List<Integer> counts = concurrently(THREADS, () -> {
            int role = roles.getAndIncrement();
            if (role % 2 == 0) {
                int runs = 0;
                while (writing.get() || runs == 0) {
                    collector.collectGarbage(GRACE);
                    runs++;
                }
                return runs;
            }
            for (int i = 0; i < 10; i++) {
                ModelVersion v = register("busy", TckModels.bytes(64, role * 100 + i % 3));
                if (i % 4 == 3) {
                    registry().delete("busy", v.version(), "churn");
                }
            }
            writing.set(false);
            return 10;
        });
        assertThat(counts).allMatch(n -> n > 0);
        assertThat(registry().versions("busy")).hasSize(THREADS / 2 * 10 - THREADS / 2 * 2);
        for (ModelVersion v : registry().versions("busy")) {
            assertThat(registry().verify(v.ref().toString()).intact()).as(v.ref().toString()).isTrue();
        }
        orphans.forEach(sha -> assertThat(stored(sha)).as(sha).isFalse());
        assertThat(registry().verifyAudit().problems()).isEmpty();
    }
}
