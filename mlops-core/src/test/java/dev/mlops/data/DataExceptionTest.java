package dev.mlops.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DataExceptionTest {

    @Test
    @DisplayName("a row without a key for a feature column: the column, what the model reads, how to pass a missing value")
    void absentFeature() {
        DataException e = DataException.absentFeature("tenure", List.of("tenure", "plan"));
        assertThat(e.column()).contains("tenure");
        assertThat(e.source()).isEqualTo("row");
        assertThat(e.line()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("row: column 'tenure': no value for this feature column (the model reads"
                + " [tenure, plan]); to pass a missing value, map the column to null (in a HashMap: Map.of refuses"
                + " nulls)");
    }
}
