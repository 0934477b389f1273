package dev.mlops.model;

import dev.mlops.registry.ModelFormat;

/**
 * A registry format whose models are {@link Classifier}s. Implementations listed in
 * {@code META-INF/services/dev.mlops.model.ClassifierFormat} are found with
 * {@link java.util.ServiceLoader}, so that {@link Classifiers#format()} reads their artifacts.
 *
 * @param <C> the classifier type
 */
public interface ClassifierFormat<C extends Classifier> extends ModelFormat<C> {
}
