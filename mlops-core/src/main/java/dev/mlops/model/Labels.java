package dev.mlops.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The rules every classifier's label set follows, batch and online alike. */
public final class Labels {

    private Labels() {
    }

    /**
     * Checks a label set and its positive class: at least two labels, distinct and sorted; a binary
     * model names one of them as positive, a multiclass model none.
     *
     * @return an immutable copy of the labels
     * @throws IllegalArgumentException saying which rule is broken
     */
    public static List<String> requireValid(List<String> labels, Optional<String> positiveClass) {
        List<String> copy = List.copyOf(labels);
        if (copy.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two labels, got " + copy);
        }
        if (!copy.equals(copy.stream().sorted().toList()) || new HashSet<>(copy).size() != copy.size()) {
            throw new IllegalArgumentException("labels must be distinct and sorted, got " + copy);
        }
        Objects.requireNonNull(positiveClass, "positiveClass");
        if (copy.size() == 2 && (positiveClass.isEmpty() || !copy.contains(positiveClass.get()))) {
            throw new IllegalArgumentException("a binary model needs one of " + copy + " as positive class, got "
                    + positiveClass);
        }
        if (copy.size() > 2 && positiveClass.isPresent()) {
            throw new IllegalArgumentException("a multiclass model has no positive class");
        }
        return copy;
    }
}
