package dev.mlops.online;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded synthetic streams with known concepts and noise. */
final class Streams {

    /** One example: numeric features and the label index. */
    record Row(double[] x, int label) {
    }

    private Streams() {
    }

    /**
     * SEA concepts (Street and Kim, KDD 2001): three features uniform on [0, 10], label 1 when
     * x1 + x2 ≤ θ (x3 is irrelevant), each label flipped with probability {@code noise}. The
     * concept of example i is {@code thetas[i / perConcept]}: abrupt changes. With 10% noise no
     * model can exceed 90% accuracy in expectation.
     */
    static List<Row> sea(long seed, double noise, int perConcept, double... thetas) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>(perConcept * thetas.length);
        for (int i = 0; i < perConcept * thetas.length; i++) {
            double[] x = {10 * random.nextDouble(), 10 * random.nextDouble(), 10 * random.nextDouble()};
            int label = x[0] + x[1] <= thetas[i / perConcept] ? 1 : 0;
            if (random.nextDouble() < noise) {
                label = 1 - label;
            }
            rows.add(new Row(x, label));
        }
        return rows;
    }

    /**
     * A rotating hyperplane (Hulten, Spencer and Domingos, KDD 2001, as River's {@code Hyperplane}):
     * {@code d} features uniform on [0, 1], label 1 when Σ w_i x_i ≥ ½ Σ w_i; after each example
     * every weight moves by {@code magnitude} in its direction, and each direction reverses with
     * probability {@code sigma}; labels flip with probability {@code noise}.
     */
    static List<Row> hyperplane(long seed, int d, int n, double magnitude, double sigma, double noise) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[d];
        int[] direction = new int[d];
        for (int j = 0; j < d; j++) {
            w[j] = random.nextDouble();
            direction[j] = random.nextBoolean() ? 1 : -1;
        }
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] x = new double[d];
            double sum = 0;
            double half = 0;
            for (int j = 0; j < d; j++) {
                x[j] = random.nextDouble();
                sum += w[j] * x[j];
                half += w[j] / 2;
            }
            int label = sum >= half ? 1 : 0;
            if (random.nextDouble() < noise) {
                label = 1 - label;
            }
            rows.add(new Row(x, label));
            for (int j = 0; j < d; j++) {
                w[j] += direction[j] * magnitude;
                if (random.nextDouble() < sigma) {
                    direction[j] = -direction[j];
                }
            }
        }
        return rows;
    }

    /** Three classes: Gaussian blobs around (0, 0), (3, 0) and (0, 3) with unit deviation. */
    static List<Row> blobs(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centers = {{0, 0}, {3, 0}, {0, 3}};
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(3);
            rows.add(new Row(new double[] {centers[label][0] + gaussian(random), centers[label][1] + gaussian(random)},
                    label));
        }
        return rows;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller on two uniforms: SplittableRandom has no nextGaussian in Java 17
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            names.add(prefix + (j + 1));
        }
        return names;
    }
}
