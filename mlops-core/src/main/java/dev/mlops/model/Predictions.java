package dev.mlops.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The predictions for a batch of rows, in input order: per row the predicted label and the
 * probability of every label (summing to 1). Immutable.
 */
public final class Predictions {

    /** RFC 4180 quoting with {@code \n} line ends: the prediction CSV. */
    static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

    private final List<String> labels;
    private final Optional<String> positiveClass;
    private final String[] predicted;
    private final double[][] probabilities;

    /**
     * Predictions from probabilities; each row's label is its most probable one (the first in
     * label order on a tie).
     *
     * @param labels the model's labels, in order
     * @param positiveClass the positive class of a binary model, else empty
     * @param probabilities per row, one probability per label (copied)
     * @throws IllegalArgumentException if a row's length differs from the number of labels
     */
    public Predictions(List<String> labels, Optional<String> positiveClass, double[][] probabilities) {
        this.labels = List.copyOf(labels);
        this.positiveClass = Objects.requireNonNull(positiveClass, "positiveClass");
        this.probabilities = new double[probabilities.length][];
        this.predicted = new String[probabilities.length];
        for (int r = 0; r < probabilities.length; r++) {
            if (probabilities[r].length != labels.size()) {
                throw new IllegalArgumentException("row " + r + " has " + probabilities[r].length
                        + " probabilities for " + labels.size() + " labels");
            }
            this.probabilities[r] = probabilities[r].clone();
            int best = 0;
            for (int k = 1; k < labels.size(); k++) {
                if (probabilities[r][k] > probabilities[r][best]) {
                    best = k;
                }
            }
            predicted[r] = this.labels.get(best);
        }
    }

    /** The model's labels; probabilities follow this order. */
    public List<String> labels() {
        return labels;
    }

    /** The positive class of a binary model, else empty. */
    public Optional<String> positiveClass() {
        return positiveClass;
    }

    /** The number of rows. */
    public int size() {
        return predicted.length;
    }

    /** The predicted label of a row. */
    public String label(int row) {
        return predicted[row];
    }

    /** The probability a row has a label. */
    public double probability(int row, String label) {
        int k = labels.indexOf(label);
        if (k < 0) {
            throw new IllegalArgumentException("no label '" + label + "'; labels are " + labels);
        }
        return probabilities[row][k];
    }

    /** One row as a {@link Prediction}. */
    public Prediction get(int row) {
        Map<String, Double> p = new LinkedHashMap<>();
        for (int k = 0; k < labels.size(); k++) {
            p.put(labels.get(k), probabilities[row][k]);
        }
        return new Prediction(predicted[row], p);
    }

    /** The predicted label of every row, in order. */
    public List<String> predictedLabels() {
        return List.of(predicted);
    }

    /** A copy of every row's probabilities, one column per label. */
    public double[][] probabilityMatrix() {
        return Arrays.stream(probabilities).map(double[]::clone).toArray(double[][]::new);
    }

    /**
     * Writes CSV (RFC 4180 quoting, {@code \n} line ends): a header {@code prediction,p_LABEL,...}
     * then one line per row in input order; probabilities as Java's shortest round-trip decimal, so
     * they read back exactly.
     *
     * @throws UncheckedIOException when writing fails
     */
    public void writeCsv(Writer out) {
        try {
            CSVPrinter printer = new CSVPrinter(out, CSV);
            printHeader(printer, labels);
            printRows(printer);
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write predictions: " + e.getMessage(), e);
        }
    }

    /** The CSV header of predictions with these labels: {@code prediction,p_LABEL,...}. */
    static void printHeader(CSVPrinter printer, List<String> labels) throws IOException {
        printer.print("prediction");
        for (String label : labels) {
            printer.print("p_" + label);
        }
        printer.println();
    }

    /** One CSV line per row, in order, under {@link #printHeader}. */
    void printRows(CSVPrinter printer) throws IOException {
        for (int r = 0; r < predicted.length; r++) {
            printer.print(predicted[r]);
            for (double p : probabilities[r]) {
                printer.print(Double.toString(p));
            }
            printer.println();
        }
    }
}
