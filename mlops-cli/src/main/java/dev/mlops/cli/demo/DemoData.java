package dev.mlops.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * The data set bundled with the command: Breast Cancer Wisconsin (Diagnostic), 569 rows of 30
 * numeric features and a {@code diagnosis} of {@code malignant} or {@code benign} (UCI Machine
 * Learning Repository, CC BY 4.0; see {@code data/README.md} next to it in the jar).
 *
 * @param featureNames the feature column names, in file order
 * @param rows the rows, in file order
 * @param sha256 SHA-256 (hex) of the file's bytes: the data fingerprint recorded as lineage
 */
public record DemoData(List<String> featureNames, List<Row> rows, String sha256) {

    /** Where the CSV lies on the class path. */
    public static final String RESOURCE = "/dev/mlops/cli/demo/data/breast-cancer.csv";

    /** The label column. */
    public static final String LABEL = "diagnosis";

    public DemoData {
        featureNames = List.copyOf(featureNames);
        rows = List.copyOf(rows);
    }

    /**
     * One row of the file.
     *
     * @param line the line number in the file (the header is line 1)
     * @param features the feature values, in {@link DemoData#featureNames} order
     * @param label the diagnosis
     */
    public record Row(int line, double[] features, String label) {

        /**
         * Whether the row is held out: the bundled models were trained on the other rows and
         * evaluated on these. Every fifth line, so that the split is fixed.
         */
        public boolean heldOut() {
            return line % 5 == 0;
        }
    }

    /** Reads the bundled file. */
    public static DemoData load() {
        byte[] bytes;
        try (InputStream in = DemoData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return parse(bytes);
    }

    /**
     * Parses the file: a header row, then comma-separated numbers with the label last. The file
     * has no quoting, which is why a plain split is enough.
     */
    static DemoData parse(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
        String[] header = lines[0].split(",");
        if (!header[header.length - 1].equals(LABEL)) {
            throw new IllegalStateException(RESOURCE + ": the last column is '"
                    + header[header.length - 1] + "', not '" + LABEL + "'");
        }
        List<String> names = Arrays.asList(header).subList(0, header.length - 1);
        List<Row> rows = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] cells = lines[i].split(",");
            if (cells.length != header.length) {
                throw new IllegalStateException(RESOURCE + " line " + (i + 1) + ": "
                        + cells.length + " cells, expected " + header.length);
            }
            double[] values = new double[names.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = Double.parseDouble(cells[c]);
            }
            rows.add(new Row(i + 1, values, cells[cells.length - 1]));
        }
        return new DemoData(names, rows, sha256(bytes));
    }

    /** A row as a Tribuo example with its true label, restricted to some features. */
    public Example<Label> example(Row row, List<String> features) {
        String[] names = features.toArray(String[]::new);
        double[] values = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            int column = featureNames.indexOf(names[i]);
            if (column < 0) {
                throw new IllegalArgumentException("no feature '" + names[i] + "' in " + RESOURCE);
            }
            values[i] = row.features()[column];
        }
        return new ArrayExample<>(new Label(row.label()), names, values);
    }

    /** A row as a Tribuo example with every feature and an unknown label, to predict. */
    public Example<Label> unlabelled(Row row) {
        return new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames.toArray(String[]::new),
                row.features().clone());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
