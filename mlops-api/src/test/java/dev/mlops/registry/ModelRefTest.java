package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRefTest {

    @Test
    @DisplayName("the four reference forms parse and print back")
    void forms() {
        assertThat(ModelRef.parse("churn")).isEqualTo(ModelRef.latest("churn"));
        assertThat(ModelRef.parse("churn:7")).isEqualTo(ModelRef.of("churn", 7));
        assertThat(ModelRef.parse("team/churn@champion")).isEqualTo(ModelRef.alias("team/churn", "champion"));
        assertThat(ModelRef.parse("churn@production").stage()).contains(Stage.PRODUCTION);
        assertThat(ModelRef.parse("churn@champion").stage()).isEmpty();
        for (String text : new String[] {"churn", "churn:7", "team/churn@champion"}) {
            assertThat(ModelRef.parse(text)).hasToString(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"churn:0", "churn:-1", "churn:x", "churn:", "churn@", "a:1@b", "../x:1",
            ":3", "@prod"})
    @DisplayName("malformed references are refused with a message that quotes them")
    void malformed(String text) {
        assertThatThrownBy(() -> ModelRef.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
