package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import dev.mlops.registry.VersionQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Search: filters that combine, a time window, and pages that cover every match once. */
interface SearchTests extends TckGroup {

    @BeforeEach
    default void populate() {
        for (int i = 1; i <= 30; i++) {
            String name = i % 3 == 0 ? "alpha" : "beta";
            registry().register(RegisterRequest.builder(name, ArtifactSource.of(TckModels.bytes(8, i)))
                    .metric("auc", i / 100.0).tag("team", i % 2 == 0 ? "even" : "odd").build());
            if (i % 5 != 0) {
                clock().advance(Duration.ofMinutes(1));
            }
        }
    }

    @Test
    @DisplayName("tag, stage and metric range filter together, newest first")
    default void filters() {
        Page<ModelVersion> page = registry().search(VersionQuery.builder().tag("team", "even")
                .metric("auc", 0.10, 0.20).stage(Stage.DRAFT).build());
        assertThat(page.items()).extracting(v -> v.metrics().get("auc"))
                .containsExactly(0.20, 0.18, 0.16, 0.14, 0.12, 0.10);
        assertThat(page.hasNext()).isFalse();
        assertThat(registry().search(VersionQuery.builder().name("alpha").build()).items())
                .hasSize(10).allSatisfy(v -> assertThat(v.name()).isEqualTo("alpha"));
        assertThat(registry().search(VersionQuery.builder().stage(Stage.PRODUCTION).build()).items())
                .isEmpty();
    }

    @Test
    @DisplayName("a time window selects by creation time, from inclusive, before exclusive")
    default void timeWindow() {
        Instant from = START.plus(Duration.ofMinutes(4));
        Instant before = START.plus(Duration.ofMinutes(6));
        List<ModelVersion> items = registry().search(VersionQuery.builder()
                .createdBetween(from, before).oldestFirst().build()).items();
        assertThat(items).allSatisfy(v -> assertThat(v.createdAt()).isBetween(from, before.minusMillis(1)));
        // versions 5 (beta) and 6 (alpha) share a creation time: the name breaks the tie
        assertThat(items).extracting(v -> v.metrics().get("auc"))
                .containsExactly(0.06, 0.05, 0.07);
    }

    @Test
    @DisplayName("pages cover every match exactly once, in a total order, both directions")
    default void pagination() {
        for (boolean newestFirst : new boolean[] {true, false}) {
            List<ModelVersion> seen = new ArrayList<>();
            String token = "";
            do {
                VersionQuery.Builder q = VersionQuery.builder().pageSize(7).pageToken(token);
                if (!newestFirst) {
                    q.oldestFirst();
                }
                Page<ModelVersion> page = registry().search(q.build());
                assertThat(page.items().size()).isLessThanOrEqualTo(7);
                seen.addAll(page.items());
                token = page.nextPageToken();
            } while (!token.isEmpty());
            List<ModelVersion> expected = new ArrayList<>(seen);
            expected.sort(newestFirst ? VersionQuery.OLDEST_FIRST.reversed() : VersionQuery.OLDEST_FIRST);
            assertThat(seen).hasSize(30).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
        }
    }

    @Test
    @DisplayName("one model with a tag: filters combine, and pages cover every match once, both directions")
    default void oneModelWithTag() {
        Page<ModelVersion> page = registry().search(VersionQuery.builder().name("beta").tag("team", "even")
                .metric("auc", 0.10, 0.20).stage(Stage.DRAFT).build());
        assertThat(page.items()).extracting(v -> v.metrics().get("auc")).containsExactly(0.20, 0.16, 0.14, 0.10);
        List<ModelVersion> matches = registry().versions("beta").stream()
                .filter(v -> "even".equals(v.tags().get("team"))).toList();
        assertThat(matches).hasSize(10);
        for (boolean newestFirst : new boolean[] {true, false}) {
            List<ModelVersion> seen = new ArrayList<>();
            String token = "";
            do {
                VersionQuery.Builder q = VersionQuery.builder().name("beta").tag("team", "even").pageSize(3)
                        .pageToken(token);
                if (!newestFirst) {
                    q.oldestFirst();
                }
                Page<ModelVersion> next = registry().search(q.build());
                assertThat(next.items().size()).isLessThanOrEqualTo(3);
                seen.addAll(next.items());
                token = next.nextPageToken();
            } while (!token.isEmpty());
            List<ModelVersion> expected = new ArrayList<>(matches);
            expected.sort(newestFirst ? VersionQuery.OLDEST_FIRST.reversed() : VersionQuery.OLDEST_FIRST);
            assertThat(seen).containsExactlyElementsOf(expected);
        }
    }

    @Test
    @DisplayName("a malformed page token is a clear error")
    default void badToken() {
        assertThatThrownBy(() -> VersionQuery.builder().pageToken("%%%").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page token");
    }
}
