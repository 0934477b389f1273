package dev.mlops.training;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learning algorithms the trainer offers, each a Tribuo trainer with named hyperparameters.
 *
 * <ul>
 *   <li>{@link #LOGISTIC}: multinomial logistic regression, Tribuo's linear SGD with the log loss
 *       and AdaGrad (Tribuo 4.3.2's Adam is avoided: it is broken in that release).</li>
 *   <li>{@link #CART}: one classification tree (Tribuo's CART).</li>
 *   <li>{@link #RANDOM_FOREST}: bagged CART trees on random feature subsets, probabilities averaged.</li>
 *   <li>{@link #XGBOOST}: gradient-boosted trees; needs {@code org.tribuo:tribuo-classification-xgboost}
 *       on the class path and {@code libgomp} on the machine.</li>
 * </ul>
 *
 * Every algorithm also takes {@code standardize}: scale each numeric feature to mean 0 and standard
 * deviation 1 on the training data, recorded with the model (Tribuo's {@code TransformedModel}) so
 * that prediction applies the same scaling.
 */
public enum Algorithm {
    LOGISTIC("logistic", List.of(
            Parameter.integer("epochs", 1, 100_000, 20, "passes over the training data"),
            Parameter.decimal("learningRate", 0, false, 1e6, true, 0.1, "AdaGrad's initial learning rate"),
            Parameter.decimal("epsilon", 0, false, 1, true, 1e-6, "AdaGrad's epsilon, for numerical stability"),
            Parameter.integer("batchSize", 1, 1_000_000, 1, "rows per gradient step"),
            Parameter.bool("standardize", true, "scale numeric features to mean 0, standard deviation 1"))),
    CART("cart", List.of(
            Parameter.integer("maxDepth", 1, 1_000, 6, "deepest level of the tree"),
            Parameter.decimal("minChildWeight", 0, false, 1e9, true, 5, "fewest rows in a leaf"),
            Parameter.decimal("minImpurityDecrease", 0, true, 1e9, true, 0, "smallest impurity decrease of a split"),
            Parameter.choice("impurity", List.of("gini", "entropy"), "gini", "split criterion"),
            Parameter.bool("standardize", false, "scale numeric features to mean 0, standard deviation 1"))),
    RANDOM_FOREST("random-forest", List.of(
            Parameter.integer("trees", 1, 100_000, 50, "number of trees"),
            Parameter.integer("maxDepth", 1, 1_000, 12, "deepest level of each tree"),
            Parameter.decimal("minChildWeight", 0, false, 1e9, true, 1, "fewest rows in a leaf"),
            Parameter.decimal("featureFraction", 0, false, 1, false, 0.5, "fraction of features tried at each split"),
            Parameter.choice("impurity", List.of("gini", "entropy"), "gini", "split criterion"),
            Parameter.bool("standardize", false, "scale numeric features to mean 0, standard deviation 1"))),
    XGBOOST("xgboost", List.of(
            Parameter.integer("trees", 1, 100_000, 50, "boosting rounds"),
            Parameter.decimal("eta", 0, false, 1, true, 0.3, "learning rate (shrinkage)"),
            Parameter.integer("maxDepth", 1, 1_000, 6, "deepest level of each tree"),
            Parameter.decimal("minChildWeight", 0, true, 1e9, true, 1, "smallest hessian sum in a leaf"),
            Parameter.decimal("subsample", 0, false, 1, true, 1, "fraction of rows per tree"),
            Parameter.decimal("featureSubsample", 0, false, 1, true, 1, "fraction of features per tree"),
            Parameter.decimal("gamma", 0, true, 1e9, true, 0, "smallest loss reduction of a split"),
            Parameter.decimal("lambda", 0, true, 1e9, true, 1, "L2 regularization"),
            Parameter.decimal("alpha", 0, true, 1e9, true, 0, "L1 regularization"),
            Parameter.integer("threads", 1, 1_024, 1, "native threads"),
            Parameter.bool("standardize", false, "scale numeric features to mean 0, standard deviation 1")));

    private final String id;
    private final List<Parameter> parameters;

    Algorithm(String id, List<Parameter> parameters) {
        this.id = id;
        this.parameters = parameters;
    }

    /** The name used in specs, JSON and on the command line: {@code logistic}, {@code cart}, ... */
    public String id() {
        return id;
    }

    /** The hyperparameters this algorithm takes. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * The given hyperparameters checked and canonicalized, with defaults for the rest, sorted by name.
     *
     * @throws IllegalArgumentException for an unknown name or a bad value, naming it
     */
    public Map<String, String> resolve(Map<String, String> given) {
        Map<String, String> resolved = new TreeMap<>();
        for (Parameter p : parameters) {
            resolved.put(p.name(), p.defaultValue());
        }
        given.forEach((name, value) -> resolved.put(name, parameter(name).canonical(value)));
        return java.util.Collections.unmodifiableMap(resolved);
    }

    /**
     * The definition of one hyperparameter.
     *
     * @throws IllegalArgumentException if this algorithm has none of that name, listing the known ones
     */
    public Parameter parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown parameter '" + name + "' for "
                        + id + "; known: " + parameters.stream().map(Parameter::name).toList()));
    }

    /**
     * The algorithm with this id (case-insensitive; {@code random_forest} works too).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Algorithm parse(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(a -> a.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown algorithm '" + name + "'; known: "
                        + Arrays.stream(values()).map(Algorithm::id).toList()));
    }
}
