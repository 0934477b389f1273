package dev.mlops.retraining;

import dev.mlops.data.CsvTables;
import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.data.LabeledData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where retraining reads its labelled rows, oldest first (the newest are held out for validation).
 * Implement it for other sources; {@link #csv} and {@link #jdbc} are built in.
 */
public interface DataSource {

    /**
     * Reads every row.
     *
     * @param label the label column, always read as text
     * @param types column types to read with (the production version's features), others inferred
     * @throws DataException when the data cannot be read, is malformed or lacks the label column
     * @throws DataUnavailableException when the source cannot be reached now but may be later
     */
    LabeledData read(String label, Map<String, FeatureType> types);

    /** What the source is, for reasons and lineage, e.g. {@code exports/*.csv}. */
    String describe();

    /**
     * CSV files: one file, or a glob ({@code exports/credit-*.csv}) whose files are read in name order
     * as one table; every file must have the same header.
     *
     * @param base the directory a relative path is resolved against
     */
    static DataSource csv(Path base, String pathOrGlob) {
        return new Csv(base, pathOrGlob);
    }

    /**
     * The rows of a query, in the order it returns them; credentials from {@code MLOPS_JDBC_USER} and
     * {@code MLOPS_JDBC_PASSWORD} or the URL. Numeric SQL columns are numeric features unless the
     * types say otherwise; SQL NULL is a missing value.
     */
    static DataSource jdbc(String url, String query) {
        return new Jdbc(url, query);
    }

    /** The CSV source. */
    record Csv(Path base, String pattern) implements DataSource {

        @Override
        public LabeledData read(String label, Map<String, FeatureType> types) {
            List<Path> files = files();
            Map<String, FeatureType> fixed = new HashMap<>(types);
            fixed.put(label, FeatureType.CATEGORICAL);
            if (files.size() == 1) {
                DataTable table = CsvTables.read(files.get(0), Set.of(), fixed);
                requireLabel(table, label, files.get(0).toString());
                return LabeledData.of(table, label, files.get(0).toString());
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            String header = null;
            for (Path file : files) {
                byte[] bytes = bytes(file);
                String text = new String(bytes, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                String first = (end < 0 ? text : text.substring(0, end)).stripTrailing();
                if (header == null) {
                    header = first;
                    all.writeBytes(bytes);
                } else if (!header.equals(first)) {
                    throw new DataException(file.toString(), 1, null, "header differs from the first file's: '"
                            + first + "' against '" + header + "'");
                } else if (end >= 0) {
                    all.writeBytes(text.substring(end + 1).getBytes(StandardCharsets.UTF_8));
                }
                if (all.size() > 0 && bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
                    all.write('\n');
                }
            }
            DataTable table = CsvTables.read(all.toByteArray(), describe(), Set.of(), fixed);
            requireLabel(table, label, describe());
            return LabeledData.of(table, label, describe());
        }

        private List<Path> files() {
            Path whole = base.resolve(pattern);
            if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[") && !pattern.contains("{")) {
                return List.of(whole);
            }
            Path dir = whole.getParent();
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + whole.getFileName());
            try (Stream<Path> list = Files.list(dir)) {
                List<Path> files = list.filter(p -> matcher.matches(p.getFileName()) && Files.isRegularFile(p))
                        .sorted().toList();
                if (files.isEmpty()) {
                    throw new DataUnavailableException(whole.toString(), "no file matches (yet)", null);
                }
                return files;
            } catch (NoSuchFileException e) {
                throw new DataUnavailableException(dir.toString(), "no such directory (yet)", e);
            } catch (IOException e) {
                throw new DataException(dir.toString(), 0, null, "cannot list: " + e.getMessage(), e);
            }
        }

        private static byte[] bytes(Path file) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new DataException(file.toString(), 0, null, "cannot read: " + e.getMessage(), e);
            }
        }

        @Override
        public String describe() {
            return base.resolve(pattern).toString();
        }
    }

    /** The JDBC source. */
    record Jdbc(String url, String query) implements DataSource {

        @Override
        public LabeledData read(String label, Map<String, FeatureType> types) {
            Properties credentials = new Properties();
            String user = System.getenv("MLOPS_JDBC_USER");
            String password = System.getenv("MLOPS_JDBC_PASSWORD");
            if (user != null) {
                credentials.setProperty("user", user);
            }
            if (password != null) {
                credentials.setProperty("password", password);
            }
            try (Connection c = DriverManager.getConnection(url, credentials);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(query)) {
                ResultSetMetaData meta = rs.getMetaData();
                int n = meta.getColumnCount();
                List<String> names = new ArrayList<>();
                boolean[] numeric = new boolean[n];
                for (int i = 0; i < n; i++) {
                    String name = meta.getColumnLabel(i + 1);
                    names.add(name);
                    FeatureType wanted = types.get(name);
                    numeric[i] = !name.equals(label) && (wanted == FeatureType.NUMERIC
                            || wanted == null && isNumeric(meta.getColumnType(i + 1)));
                }
                List<List<Object>> columns = new ArrayList<>();
                names.forEach(x -> columns.add(new ArrayList<>()));
                while (rs.next()) {
                    for (int i = 0; i < n; i++) {
                        Object value = numeric[i] ? (Object) rs.getDouble(i + 1) : rs.getString(i + 1);
                        columns.get(i).add(rs.wasNull() ? null : value);
                    }
                }
                DataTable.Builder table = DataTable.builder();
                for (int i = 0; i < n; i++) {
                    List<Object> values = columns.get(i);
                    if (numeric[i]) {
                        table.numeric(names.get(i), values.stream()
                                .mapToDouble(v -> v == null ? Double.NaN : (Double) v).toArray());
                    } else {
                        table.categorical(names.get(i), values.stream().map(v -> (String) v).toList());
                    }
                }
                DataTable built = table.build();
                requireLabel(built, label, describe());
                return LabeledData.of(built, label, describe());
            } catch (SQLException e) {
                if (unreachable(e)) {
                    throw new DataUnavailableException(describe(), "cannot connect: " + e.getMessage(), e);
                }
                throw new DataException(describe(), 0, null, "query failed: " + e.getMessage(), e);
            }
        }

        /**
         * A connection failure (SQLSTATE class 08, or a driver's transient or recoverable
         * exception), as opposed to a query the database rejects (a syntax error, an unknown column).
         */
        private static boolean unreachable(SQLException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                        || t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")
                        || t instanceof java.net.ConnectException) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isNumeric(int sqlType) {
            return switch (sqlType) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT,
                        Types.DOUBLE, Types.NUMERIC, Types.DECIMAL -> true;
                default -> false;
            };
        }

        @Override
        public String describe() {
            // the URL without its query string, where credentials may be
            int q = url.indexOf('?');
            return (q < 0 ? url : url.substring(0, q)) + " query";
        }
    }

    private static void requireLabel(DataTable table, String label, String source) {
        if (table.type(label).isEmpty()) {
            throw new DataException(source, 1, label, "no such label column; columns are " + table.columnNames());
        }
    }
}
