package dev.mlops.routing;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Shares of a bandit's variants from binary rewards (successes out of trials per variant).
 * Deterministic: the same rewards, seed and epoch give the same shares in every process.
 */
public final class Bandits {

    /** Joint posterior draws behind a Thompson share estimate. */
    public static final int THOMPSON_DRAWS = 10_000;

    private Bandits() {
    }

    /**
     * The shares a bandit gives its variants for an epoch.
     *
     * @throws IllegalArgumentException if the arrays differ in length or a count is invalid
     */
    public static double[] shares(Bandit bandit, long[] successes, long[] trials, long epoch) {
        return switch (bandit.policy()) {
            case THOMPSON -> thompson(successes, trials, bandit.seed() * 0x9E3779B97F4A7C15L + epoch);
            case EPSILON_GREEDY -> epsilonGreedy(successes, trials, bandit.epsilon());
        };
    }

    /**
     * Thompson sampling: the share of {@value #THOMPSON_DRAWS} joint draws from independent
     * Beta(1 + successes, 1 + trials − successes) posteriors in which each variant is the best
     * (ties to the lower index), from a Well19937c generator seeded with {@code seed}.
     *
     * @throws IllegalArgumentException if the arrays differ in length or a count is invalid
     */
    private static double[] thompson(long[] successes, long[] trials, long seed) {
        check(successes, trials);
        RandomGenerator random = new Well19937c(seed);
        BetaDistribution[] posteriors = new BetaDistribution[successes.length];
        for (int i = 0; i < posteriors.length; i++) {
            posteriors[i] = new BetaDistribution(random, 1.0 + successes[i], 1.0 + trials[i] - successes[i]);
        }
        long[] wins = new long[successes.length];
        for (int d = 0; d < THOMPSON_DRAWS; d++) {
            int best = 0;
            double bestValue = -1;
            for (int i = 0; i < posteriors.length; i++) {
                double value = posteriors[i].sample();
                if (value > bestValue) {
                    best = i;
                    bestValue = value;
                }
            }
            wins[best]++;
        }
        double[] shares = new double[wins.length];
        for (int i = 0; i < wins.length; i++) {
            shares[i] = (double) wins[i] / THOMPSON_DRAWS;
        }
        return shares;
    }

    /**
     * Epsilon-greedy: the variant with the highest observed success rate (variants without
     * trials count as 0; ties to the lower index) gets 1 − ε + ε/k, every other ε/k.
     *
     * @throws IllegalArgumentException if the arrays differ in length, a count is invalid or
     *                                  epsilon is outside [0, 1]
     */
    private static double[] epsilonGreedy(long[] successes, long[] trials, double epsilon) {
        check(successes, trials);
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be in [0, 1], was " + epsilon);
        }
        int k = successes.length;
        int best = 0;
        double bestRate = -1;
        for (int i = 0; i < k; i++) {
            double rate = trials[i] == 0 ? 0 : (double) successes[i] / trials[i];
            if (rate > bestRate) {
                best = i;
                bestRate = rate;
            }
        }
        double[] shares = new double[k];
        for (int i = 0; i < k; i++) {
            shares[i] = epsilon / k + (i == best ? 1 - epsilon : 0);
        }
        return shares;
    }

    private static void check(long[] successes, long[] trials) {
        if (successes.length != trials.length || successes.length == 0) {
            throw new IllegalArgumentException("need one success and one trial count per variant");
        }
        for (int i = 0; i < successes.length; i++) {
            if (successes[i] < 0 || successes[i] > trials[i]) {
                throw new IllegalArgumentException("variant " + i + ": successes must be in [0, trials], got "
                    + successes[i] + " of " + trials[i]);
            }
        }
    }
}
