package dev.mlops.model;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.data.CsvTables;
import dev.mlops.data.DataException;
import dev.mlops.data.FeatureType;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.apache.commons.csv.CSVPrinter;

/**
 * Loads registered classifiers whatever their format: {@code mlops-model} (mlops-training),
 * {@code mlops-online-model} (mlops-online), and any other {@link ClassifierFormat} on the class
 * path.
 *
 * <pre>{@code
 * Classifier model = Classifiers.load(registry, "churn@production");
 * try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), experiment).build()) { ... }
 * }</pre>
 */
public final class Classifiers {

    private Classifiers() {
    }

    /**
     * The format that reads every classifier format found on the class path, choosing by the format
     * each version was registered with.
     *
     * @throws MlopsConfigurationException if two formats on the class path have the same name
     */
    public static ModelFormat<Classifier> format() {
        return AnyClassifier.INSTANCE;
    }

    /**
     * Loads a registered classifier through the registry's verified, cached loading.
     *
     * @throws dev.mlops.registry.ModelNotFoundException when the reference points nowhere
     * @throws IllegalArgumentException when the version's format is not a classifier format on the class path
     */
    public static Classifier load(ModelRegistry registry, String ref) {
        return registry.load(ref, format());
    }

    /** Rows of a batch of {@link #predictCsv}, at most. */
    private static final int BATCH_ROWS = 10_000;
    /** Cells of a batch of {@link #predictCsv}, at most: wide data gets fewer rows per batch. */
    private static final int BATCH_CELLS = 1_000_000;

    /**
     * Predicts every row of a CSV file (UTF-8, header, RFC 4180, empty cell = missing) and writes
     * the predictions as {@link Predictions#writeCsv} does, in input order, streaming: the file is
     * read in batches of at most 10,000 rows (fewer for wide data), each predicted and written
     * before the next is read, so memory stays bounded whatever the file's size. Columns the model
     * does not use are skipped. The writer is flushed, not closed.
     *
     * @return the number of rows predicted
     * @throws dev.mlops.data.DataException if the file cannot be read or is malformed, has no data
     *     row, lacks a feature column, or holds a cell the model cannot use (naming its line and
     *     column); rows before the problem may have been written
     * @throws UncheckedIOException when writing fails
     */
    public static long predictCsv(Classifier model, Path data, Writer out) {
        Map<String, FeatureType> columns = model.featureColumns();
        int batchRows = Math.max(1, Math.min(BATCH_ROWS, BATCH_CELLS / Math.max(1, columns.size())));
        String source = data.toString();
        try {
            CSVPrinter printer = new CSVPrinter(out, Predictions.CSV);
            long[] done = {0};
            long rows = CsvTables.readBatches(data, columns, batchRows, batch -> {
                // rows the model names in a message count from the batch's first row
                Predictions predictions = model.predict(batch, done[0] == 0 ? source
                        : source + " (data rows " + (done[0] + 1) + " to " + (done[0] + batch.rowCount()) + ")");
                try {
                    if (done[0] == 0) {
                        Predictions.printHeader(printer, predictions.labels());
                    }
                    predictions.printRows(printer);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write predictions: " + e.getMessage(), e);
                }
                done[0] += batch.rowCount();
            });
            if (rows == 0) {
                throw new DataException(source, 0, null, "no data rows, only a header: nothing to predict");
            }
            printer.flush();
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write predictions: " + e.getMessage(), e);
        }
    }

    /** The classifier formats by name, found once. */
    private static final class AnyClassifier implements ModelFormat<Classifier> {

        static final AnyClassifier INSTANCE = new AnyClassifier(discover());

        private final Map<String, ClassifierFormat<?>> formats;

        private AnyClassifier(Map<String, ClassifierFormat<?>> formats) {
            this.formats = formats;
        }

        private static Map<String, ClassifierFormat<?>> discover() {
            Map<String, ClassifierFormat<?>> found = new TreeMap<>();
            for (ClassifierFormat<?> format : ServiceLoader.load(ClassifierFormat.class, Classifiers.class.getClassLoader())) {
                ClassifierFormat<?> other = found.putIfAbsent(format.name(), format);
                if (other != null && !other.getClass().equals(format.getClass())) {
                    throw new MlopsConfigurationException("two classifier formats are named '" + format.name() + "': "
                            + other.getClass().getName() + " and " + format.getClass().getName());
                }
            }
            return Map.copyOf(found);
        }

        /** {@code classifier [mlops-model, mlops-online-model]}: the formats it reads, for messages. */
        @Override
        public String name() {
            return "classifier " + new TreeMap<>(formats).keySet();
        }

        @Override
        public boolean reads(String format) {
            return formats.containsKey(format);
        }

        @Override
        public Classifier read(byte[] verifiedBytes) {
            throw new IllegalArgumentException("a version without a format name cannot be read as a classifier; "
                    + "register it with one of " + new TreeMap<>(formats).keySet());
        }

        @Override
        public Classifier read(String format, byte[] verifiedBytes) {
            ClassifierFormat<?> reader = formats.get(format);
            if (reader == null) {
                return read(verifiedBytes);
            }
            return reader.read(verifiedBytes);
        }
    }
}
