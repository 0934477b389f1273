package dev.mlops.tck;

import static dev.mlops.tck.TckGroup.concurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.mlops.registry.AliasMove;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Aliases: they resolve, move with history, and compare-and-set lets exactly one of racing movers win. */
interface AliasTests extends TckGroup {

    @Test
    @DisplayName("an alias resolves, moves with history and can be removed")
    default void lifecycle() {
        register("a");
        register("a");
        registry().setAlias("a", "champion", 1);
        clock().advance(Duration.ofSeconds(1));
        AliasMove move = registry().setAlias("a", "champion", 2);
        assertThat(move.fromVersion()).isEqualTo(1);
        assertThat(registry().get("a@champion").version()).isEqualTo(2);
        assertThat(registry().get("a:2").aliases()).containsExactly("champion");
        registry().removeAlias("a", "champion");
        assertThat(registry().find("a@champion")).isEmpty();
        assertThat(registry().aliasHistory("a", "champion"))
                .extracting(AliasMove::fromVersion, AliasMove::toVersion)
                .containsExactly(tuple(0, 1), tuple(1, 2), tuple(2, 0));
    }

    @Test
    @DisplayName("of concurrent compare-and-set moves with the same expectation exactly one wins")
    default void compareAndSetContention() throws Exception {
        for (int i = 0; i < THREADS + 1; i++) {
            register("c");
        }
        registry().setAlias("c", "champion", 1);
        ModelRegistry other = open(b -> { });
        List<Integer> winners = concurrently(THREADS, () -> {
            int mine = 2 + (int) (Thread.currentThread().getId() % THREADS);
            try {
                (mine % 2 == 0 ? registry() : other).compareAndSetAlias("c", "champion", 1, mine);
                return mine;
            } catch (ConflictException lost) {
                return 0;
            }
        });
        List<Integer> won = winners.stream().filter(w -> w > 0).toList();
        assertThat(won).hasSize(1);
        assertThat(registry().get("c@champion").version()).isEqualTo(won.get(0));
        assertThat(registry().aliasHistory("c", "champion")).hasSize(2);
    }

    @Test
    @DisplayName("compare-and-set with expectation 0 only sets an unset alias")
    default void setIfUnset() {
        register("u");
        registry().compareAndSetAlias("u", "canary", 0, 1);
        assertThatThrownBy(() -> registry().compareAndSetAlias("u", "canary", 0, 1))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("reserved and malformed aliases and missing versions are refused")
    default void refusals() {
        register("x");
        assertThatThrownBy(() -> registry().setAlias("x", "production", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> registry().setAlias("x", "Bad Alias", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry().setAlias("x", "champion", 9))
                .isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> registry().removeAlias("x", "champion"))
                .isInstanceOf(ModelNotFoundException.class);
    }
}
