package dev.mlops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetricTest {

    @Test
    @DisplayName("each metric has its JSON name, its name in sentences and its direction; only log loss falls")
    void names() {
        assertThat(Metric.AUC.jsonName()).isEqualTo("auc");
        assertThat(Metric.AUC.displayName()).isEqualTo("AUC");
        assertThat(Metric.LOG_LOSS.jsonName()).isEqualTo("logLoss");
        assertThat(Metric.LOG_LOSS.displayName()).isEqualTo("log loss");
        assertThat(Arrays.stream(Metric.values()).filter(m -> !m.higherIsBetter())).containsExactly(Metric.LOG_LOSS);
    }

    @Test
    @DisplayName("names parse ignoring case, dashes and underscores; an unknown one lists the known")
    void parse() {
        for (String name : new String[] {"logLoss", "log_loss", "LOG-LOSS", " logloss "}) {
            assertThat(Metric.parse(name)).as(name).isEqualTo(Metric.LOG_LOSS);
        }
        assertThat(Metric.parse("F1")).isEqualTo(Metric.F1);
        assertThatThrownBy(() -> Metric.parse("gini")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gini'").hasMessageContaining("[accuracy, precision, recall, f1, auc, logLoss]");
    }
}
