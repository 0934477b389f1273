package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"churn", "Churn-Model_2", "v1.2", "fraud/scorer", "a", "0day"})
    @DisplayName("names of letters, digits, dot, dash and underscore, with one namespace, are valid")
    void valid(String name) {
        assertThat(ModelNames.requireValid(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "../x", "a/../b", "a..b", "a/b/c", "/a", "a/", ".hidden", "-x",
            "a b", "a\tb", "a\u0000b", "ä", "a\\b", "a:b", "a@b"})
    @DisplayName("path tricks, control characters and separators are refused")
    void invalid(String name) {
        assertThatThrownBy(() -> ModelNames.requireValid(name))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model name");
    }

    @Test
    @DisplayName("control characters are escaped in messages so they cannot forge log lines")
    void escapedInMessages() {
        assertThatThrownBy(() -> ModelNames.requireValid("a\nFAKE LOG LINE"))
                .hasMessageContaining("\\u000a").hasMessageNotContaining("\n");
    }

    @Test
    @DisplayName("names longer than the limit are refused")
    void tooLong() {
        assertThatThrownBy(() -> ModelNames.requireValid("a".repeat(ModelNames.MAX_LENGTH + 1)))
                .hasMessageContaining("longer than");
    }

    @Test
    @DisplayName("aliases are lower-case words, and stage names and latest are reserved")
    void aliases() {
        assertThat(ModelNames.requireValidAlias("champion")).isEqualTo("champion");
        assertThat(ModelNames.requireValidAlias("canary-2")).isEqualTo("canary-2");
        for (String bad : new String[] {"Champion", "2x", "", "a b", "production", "latest", "staging"}) {
            assertThatThrownBy(() -> ModelNames.requireValidAlias(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
