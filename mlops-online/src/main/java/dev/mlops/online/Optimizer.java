package dev.mlops.online;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an {@link IncrementalModel} turns the gradient of the log loss into weight changes. Both
 * optimisers keep per-coordinate state, so each weight gets its own, decreasing learning rate; the
 * bias is never regularized.
 */
public sealed interface Optimizer permits Optimizer.Ftrl, Optimizer.AdaGrad {

    /** FTRL-Proximal with α = 0.1, β = 1 and no regularization. */
    static Ftrl ftrl() {
        return new Ftrl(0.1, 1, 0, 0);
    }

    /** FTRL-Proximal with these settings; see {@link Ftrl}. */
    static Ftrl ftrl(double alpha, double beta, double l1, double l2) {
        return new Ftrl(alpha, beta, l1, l2);
    }

    /** AdaGrad with learning rate 0.1, ε = 1e-8 and no regularization. */
    static AdaGrad adaGrad() {
        return new AdaGrad(0.1, 1e-8, 0);
    }

    /** AdaGrad with these settings; see {@link AdaGrad}. */
    static AdaGrad adaGrad(double learningRate, double epsilon, double l2) {
        return new AdaGrad(learningRate, epsilon, l2);
    }

    /** The optimiser's name in artifacts and registry params: {@code ftrl} or {@code adagrad}. */
    String name();

    /** The settings by name, as text that reads back exactly. */
    Map<String, String> params();

    /**
     * FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD 2013,
     * Algorithm 1). Per coordinate i with gradient g: σ = (√(n + g²) − √n)/α, z ← z + g − σ·w,
     * n ← n + g², and w = 0 when |z| ≤ λ1, else −(z − sgn(z)·λ1) / ((β + √n)/α + λ2).
     *
     * @param alpha α, the learning-rate scale, positive
     * @param beta β, smooths the first steps, at least 0
     * @param l1 λ1, L1 strength (sparsity), at least 0
     * @param l2 λ2, L2 strength, at least 0
     */
    record Ftrl(double alpha, double beta, double l1, double l2) implements Optimizer {

        public Ftrl {
            positive(alpha, "alpha");
            nonNegative(beta, "beta");
            nonNegative(l1, "l1");
            nonNegative(l2, "l2");
        }

        @Override
        public String name() {
            return "ftrl";
        }

        @Override
        public Map<String, String> params() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("alpha", Double.toString(alpha));
            params.put("beta", Double.toString(beta));
            params.put("l1", Double.toString(l1));
            params.put("l2", Double.toString(l2));
            return params;
        }
    }

    /**
     * AdaGrad (Duchi, Hazan and Singer, JMLR 2011), diagonal: per coordinate with gradient
     * g (plus λ2·w for L2), G ← G + g², w ← w − η·g / (√G + ε).
     *
     * @param learningRate η, positive
     * @param epsilon ε, positive, keeps the first steps finite
     * @param l2 λ2, L2 strength, at least 0
     */
    record AdaGrad(double learningRate, double epsilon, double l2) implements Optimizer {

        public AdaGrad {
            positive(learningRate, "learningRate");
            positive(epsilon, "epsilon");
            nonNegative(l2, "l2");
        }

        @Override
        public String name() {
            return "adagrad";
        }

        @Override
        public Map<String, String> params() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("learningRate", Double.toString(learningRate));
            params.put("epsilon", Double.toString(epsilon));
            params.put("l2", Double.toString(l2));
            return params;
        }
    }

    private static void positive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
    }

    private static void nonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be zero or positive and finite, got " + value);
        }
    }
}
