package dev.mlops.training.internal;

import dev.mlops.model.TreeEnsemble;
import java.util.List;

/**
 * Predicts with a Tribuo tree model's {@link TreeEnsemble} in place of Tribuo: rows encoded by the
 * schema's {@link Encoder} are rearranged into the ensemble's feature order, and its probabilities
 * into the schema's label order. Thread-safe.
 */
public final class TreePredictor {

    private final TreeEnsemble ensemble;
    /** Per ensemble feature, its position in encoded rows. */
    private final int[] source;
    /** Per schema label, its class index in the ensemble, or -1 when the model never predicts it. */
    private final int[] classIndex;

    /**
     * A predictor for an ensemble whose features the encoder produces.
     *
     * @throws IllegalArgumentException if the ensemble reads a feature the encoder does not produce
     */
    public TreePredictor(TreeEnsemble ensemble, Encoder encoder, List<String> labels) {
        this.ensemble = ensemble;
        this.source = ensemble.features().stream().mapToInt(encoder::position).toArray();
        this.classIndex = labels.stream().mapToInt(ensemble.classes()::indexOf).toArray();
    }

    /** The ensemble's row: the encoded features in its order. */
    public double[] row(double[] encoded) {
        double[] x = new double[source.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = encoded[source[i]];
        }
        return x;
    }

    /** The ensemble's probabilities of an encoded row, in the schema's label order (0 for a label it never predicts). */
    public double[] probabilities(double[] encoded) {
        double[] p = ensemble.probabilities(row(encoded));
        double[] byLabel = new double[classIndex.length];
        for (int k = 0; k < byLabel.length; k++) {
            byLabel[k] = classIndex[k] < 0 ? 0 : p[classIndex[k]];
        }
        return byLabel;
    }
}
