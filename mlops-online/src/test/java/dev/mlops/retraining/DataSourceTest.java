package dev.mlops.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.data.DataException;
import dev.mlops.data.FeatureType;
import dev.mlops.data.LabeledData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("retraining data sources read labelled rows oldest first")
class DataSourceTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a glob reads its files in name order as one table; a file with another header is named")
    void glob() throws Exception {
        Files.write(dir.resolve("day-2.csv"), List.of("x,zip,y", "3,10115,b", "4,,a"));
        Files.write(dir.resolve("day-1.csv"), List.of("x,zip,y", "1,80331,a", "2,20095,b"));
        Files.write(dir.resolve("other.txt"), List.of("not data"));
        LabeledData data = DataSource.csv(dir, "day-*.csv").read("y", Map.of("zip", FeatureType.CATEGORICAL));
        assertThat(data.table().numeric("x").orElseThrow()).containsExactly(1, 2, 3, 4);
        assertThat(data.table().type("zip")).contains(FeatureType.CATEGORICAL);
        assertThat(data.labels()).containsExactly("a", "b", "b", "a");
        assertThat(DataSource.csv(dir, "day-1.csv").read("y", Map.of()).table().rowCount()).isEqualTo(2);

        Files.write(dir.resolve("day-3.csv"), List.of("x,y", "5,a"));
        assertThatThrownBy(() -> DataSource.csv(dir, "day-*.csv").read("y", Map.of()))
                .isInstanceOf(DataException.class).hasMessageContaining("day-3.csv").hasMessageContaining("header");
        assertThatThrownBy(() -> DataSource.csv(dir, "none-*.csv").read("y", Map.of()))
                .as("files that may still arrive").isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("no file matches");
        assertThatThrownBy(() -> DataSource.csv(dir, "day-1.csv").read("label", Map.of()))
                .isInstanceOf(DataException.class).hasMessageContaining("'label'");
    }

    @Test
    @DisplayName("a JDBC query gives numeric SQL columns as numbers, NULL as missing, the label as text")
    void jdbc() throws Exception {
        String url = "jdbc:h2:mem:source-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE rows_(id INT, x DOUBLE, colour VARCHAR(10), y INT)");
            s.execute("INSERT INTO rows_ VALUES (1, 0.5, 'red', 1), (2, NULL, NULL, 0), (3, 2.5, 'blue', 1)");
            LabeledData data = DataSource.jdbc(url, "SELECT x, colour, y FROM rows_ ORDER BY id").read("Y", Map.of());
            assertThat(data.table().numeric("X").orElseThrow()).containsExactly(0.5, Double.NaN, 2.5);
            assertThat(data.table().categorical("COLOUR").orElseThrow()).containsExactly("red", "", "blue");
            assertThat(data.labels()).containsExactly("1", "0", "1");
            assertThatThrownBy(() -> DataSource.jdbc(url, "SELECT nope FROM rows_").read("Y", Map.of()))
                    .isInstanceOf(DataException.class).hasMessageContaining("query failed");
            s.execute("DROP TABLE rows_");
            int port;
            try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
                port = closed.getLocalPort();
            }
            assertThatThrownBy(() -> DataSource.jdbc("jdbc:h2:tcp://127.0.0.1:" + port + "/nowhere", "SELECT 1")
                    .read("Y", Map.of())).as("nothing listens there").isInstanceOf(DataUnavailableException.class)
                    .hasMessageContaining("cannot connect");
        }
    }
}
