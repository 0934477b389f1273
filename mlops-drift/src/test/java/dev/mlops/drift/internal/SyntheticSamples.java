package dev.mlops.drift.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Samples described by the generator specs of {@code generate_reference_values.py}: a
 * splitmix64 stream mapped to uniforms (top 53 bits) and transformed with IEEE-exact arithmetic,
 * so Python and Java produce the same doubles bit for bit.
 */
final class SyntheticSamples {

    private SyntheticSamples() {
    }

    static double[] of(JsonNode node) {
        if (node.isArray()) {
            double[] values = new double[node.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = node.get(i).asDouble();
            }
            return values;
        }
        SplitMix64 rng = new SplitMix64(node.get("seed").asLong());
        int n = node.get("n").asInt();
        double shift = node.get("shift").asDouble();
        double scale = node.get("scale").asDouble();
        String kind = node.get("kind").asText();
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case "uniform" -> values[i] = shift + scale * rng.nextUniform();
                case "irwin" -> {
                    double s = rng.nextUniform() + rng.nextUniform();
                    s = s + rng.nextUniform();
                    s = s + rng.nextUniform();
                    values[i] = (s - 2.0) * scale + shift;
                }
                case "int" -> values[i] = Math.floor(rng.nextUniform() * node.get("levels").asInt()) + shift;
                default -> throw new IllegalArgumentException("unknown kind " + kind);
            }
        }
        return values;
    }

    /** Steele, Lea and Flood's splitmix64. */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            state = seed;
        }

        long next() {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        double nextUniform() {
            return (next() >>> 11) * 0x1.0p-53;
        }
    }
}
