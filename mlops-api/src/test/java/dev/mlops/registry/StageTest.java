package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StageTest {

    @Test
    @DisplayName("the transition table is the documented one")
    void table() {
        assertThat(Stage.DRAFT.successors()).isEqualTo(EnumSet.of(Stage.TESTING, Stage.ARCHIVED));
        assertThat(Stage.TESTING.successors())
                .isEqualTo(EnumSet.of(Stage.STAGING, Stage.DRAFT, Stage.ARCHIVED));
        assertThat(Stage.STAGING.successors())
                .isEqualTo(EnumSet.of(Stage.PRODUCTION, Stage.TESTING, Stage.ARCHIVED));
        assertThat(Stage.PRODUCTION.successors()).isEqualTo(EnumSet.of(Stage.ARCHIVED));
        assertThat(Stage.ARCHIVED.successors()).isEqualTo(EnumSet.of(Stage.STAGING));
        for (Stage s : Stage.values()) {
            assertThat(s.canMoveTo(s)).as("no self transition for %s", s).isFalse();
        }
    }

    @Test
    @DisplayName("stage names parse in any case and unknown ones are named in the error")
    void parse() {
        assertThat(Stage.parse("production")).isEqualTo(Stage.PRODUCTION);
        assertThat(Stage.parse(" Staging ")).isEqualTo(Stage.STAGING);
        assertThatThrownBy(() -> Stage.parse("prod")).hasMessageContaining("'prod'");
    }
}
