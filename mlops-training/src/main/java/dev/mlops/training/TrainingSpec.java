package dev.mlops.training;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to train and how: the algorithm and its hyperparameters, the seed, the held-out test
 * fraction, cross-validation folds, an optional hyperparameter search, the positive class, columns
 * to leave out, a timeout and an optional registration. Built with {@link #builder(Algorithm)}.
 *
 * <p>Same spec, same data, same seed: the same split, folds, search trials, model and metrics.
 *
 * @param algorithm the learning algorithm
 * @param params its hyperparameters, checked, with defaults filled in, sorted by name
 * @param seed seeds the split, the folds, a random search and the algorithm
 * @param testFraction fraction of each class held out for the test metrics, in (0, 1)
 * @param folds stratified cross-validation folds on the training part; 0 for none, else at least 2
 * @param search a hyperparameter search over the training part (needs folds)
 * @param positiveClass the positive class of a binary label; empty: the rarer class, and of two
 *     equally frequent classes the one that sorts last
 * @param excludedColumns columns that are not features (ids, leaks)
 * @param timeout how long the job may run; empty: no limit
 * @param registration where to register the model; empty: do not register
 */
public record TrainingSpec(
        Algorithm algorithm,
        Map<String, String> params,
        long seed,
        double testFraction,
        int folds,
        Optional<Search> search,
        Optional<String> positiveClass,
        Set<String> excludedColumns,
        Optional<Duration> timeout,
        Optional<Registration> registration) {

    /** The seed when none is given. */
    public static final long DEFAULT_SEED = 42;
    /** The held-out fraction when none is given, as {@code mlops train} documents. */
    public static final double DEFAULT_TEST_FRACTION = 0.2;
    /** The cross-validation folds when none are given. */
    public static final int DEFAULT_FOLDS = 5;

    public TrainingSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        params = algorithm.resolve(params);
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        if (folds < 0 || folds == 1 || folds > 100) {
            throw new IllegalArgumentException("folds must be 0 (none) or 2 to 100, got " + folds);
        }
        Objects.requireNonNull(search, "search");
        if (search.isPresent()) {
            if (folds == 0) {
                throw new IllegalArgumentException("a hyperparameter search chooses by cross-validation: set folds to 2 or more");
            }
            for (Map.Entry<String, java.util.List<String>> dimension : search.get().space().entrySet()) {
                Parameter parameter = algorithm.parameter(dimension.getKey());
                dimension.getValue().forEach(parameter::canonical);
            }
        }
        Objects.requireNonNull(positiveClass, "positiveClass");
        excludedColumns = Set.copyOf(excludedColumns);
        Objects.requireNonNull(timeout, "timeout");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + t);
            }
        });
        Objects.requireNonNull(registration, "registration");
    }

    /** Starts a spec for {@code algorithm} with every default. */
    public static Builder builder(Algorithm algorithm) {
        return new Builder(algorithm);
    }

    /** Collects the optional parts of a {@link TrainingSpec}; setters check their argument when it is built. */
    public static final class Builder {
        private final Algorithm algorithm;
        private final Map<String, String> params = new LinkedHashMap<>();
        private long seed = DEFAULT_SEED;
        private double testFraction = DEFAULT_TEST_FRACTION;
        private int folds = DEFAULT_FOLDS;
        private Optional<Search> search = Optional.empty();
        private Optional<String> positiveClass = Optional.empty();
        private Set<String> excludedColumns = Set.of();
        private Optional<Duration> timeout = Optional.empty();
        private Optional<Registration> registration = Optional.empty();

        private Builder(Algorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        }

        /** Sets one hyperparameter, e.g. {@code param("epochs", "20")}. */
        public Builder param(String name, String value) {
            params.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets hyperparameters. */
        public Builder params(Map<String, String> values) {
            values.forEach(this::param);
            return this;
        }

        /** The seed of the split, folds, search and algorithm (default {@value #DEFAULT_SEED}). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Fraction of each class held out for the test metrics (default 0.2). */
        public Builder testFraction(double value) {
            this.testFraction = value;
            return this;
        }

        /** Cross-validation folds, 0 for none (default {@value #DEFAULT_FOLDS}). */
        public Builder folds(int value) {
            this.folds = value;
            return this;
        }

        /** Searches hyperparameters; the search's values override {@link #param} for its parameters. */
        public Builder search(Search value) {
            this.search = Optional.of(Objects.requireNonNull(value, "search"));
            return this;
        }

        /** The positive class of a binary label (default: the rarer class). */
        public Builder positiveClass(String label) {
            this.positiveClass = Optional.of(Objects.requireNonNull(label, "label"));
            return this;
        }

        /** Columns that are not features. */
        public Builder exclude(Set<String> columns) {
            this.excludedColumns = Set.copyOf(columns);
            return this;
        }

        /** Fails the job when it runs longer than this. */
        public Builder timeout(Duration value) {
            this.timeout = Optional.of(Objects.requireNonNull(value, "timeout"));
            return this;
        }

        /** Registers the model when training succeeds. */
        public Builder register(Registration value) {
            this.registration = Optional.of(Objects.requireNonNull(value, "registration"));
            return this;
        }

        /** Registers the model as a new version of {@code name} when training succeeds. */
        public Builder registerAs(String name) {
            return register(Registration.as(name));
        }

        /**
         * The spec.
         *
         * @throws IllegalArgumentException on an unknown hyperparameter, a bad value, a test fraction
         *     outside (0, 1), folds of 1 or above 100, a search without folds, or a non-positive timeout
         */
        public TrainingSpec build() {
            return new TrainingSpec(algorithm, params, seed, testFraction, folds, search, positiveClass,
                    excludedColumns, timeout, registration);
        }
    }
}
