package dev.mlops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InputExceptionTest {

    @Test
    @DisplayName("names the source, and the line and location where they are known")
    void message() {
        IllegalStateException cause = new IllegalStateException("parse");
        InputException located = new InputException("orders.csv", 3, "column 'age'", "not a number", cause);
        assertThat(located).hasMessage("orders.csv: line 3, column 'age': not a number").hasCause(cause);
        assertThat(located.source()).isEqualTo("orders.csv");
        assertThat(located.line()).hasValue(3);

        InputException anywhere = new InputException("experiment.json", 0, "'variants'", "missing", null);
        assertThat(anywhere).hasMessage("experiment.json: 'variants': missing");
        assertThat(anywhere.line()).isEmpty();
        assertThat(new InputException("events.csv", 0, null, "empty", null)).hasMessage("events.csv: empty");
    }
}
