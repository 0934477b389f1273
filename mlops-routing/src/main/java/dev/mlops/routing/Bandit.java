package dev.mlops.routing;

/**
 * Adaptive allocation: at every epoch the variants' shares are recomputed from the binary rewards
 * seen so far, and the slots are rebalanced (units stay sticky within an epoch, and across epochs
 * move only as far as the shares changed).
 *
 * @param policy  how shares follow the rewards
 * @param epsilon for {@link Policy#EPSILON_GREEDY}: the share explored uniformly, in [0, 1]
 * @param seed    seeds the posterior draws of {@link Policy#THOMPSON}, so every process that
 *                sees the same rewards derives the same shares
 */
public record Bandit(Policy policy, double epsilon, long seed) {

    /** How a bandit turns rewards into shares. */
    public enum Policy {
        /**
         * Thompson sampling: each variant's share is the probability that it has the highest
         * success rate under independent Beta(1 + successes, 1 + failures) posteriors, estimated
         * from {@link Bandits#THOMPSON_DRAWS} seeded joint draws.
         */
        THOMPSON,
        /** The best observed success rate gets 1 − ε + ε/k, every other variant ε/k. */
        EPSILON_GREEDY;

        /** The name used in experiment files: {@code thompson} or {@code epsilon-greedy}. */
        public String jsonName() {
            return this == THOMPSON ? "thompson" : "epsilon-greedy";
        }
    }

    /**
     * @throws IllegalArgumentException if epsilon is outside [0, 1]
     */
    public Bandit {
        if (policy == null) {
            throw new IllegalArgumentException("bandit.policy is required");
        }
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("bandit.epsilon must be in [0, 1], was " + epsilon);
        }
    }

    /** Thompson sampling with this seed. */
    public static Bandit thompson(long seed) {
        return new Bandit(Policy.THOMPSON, 0.0, seed);
    }

    /** Epsilon-greedy with this exploration share. */
    public static Bandit epsilonGreedy(double epsilon) {
        return new Bandit(Policy.EPSILON_GREEDY, epsilon, 0);
    }
}
