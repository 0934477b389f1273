package dev.mlops.drift;

import dev.mlops.data.FeatureType;
import dev.mlops.stats.TestResult;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The verdict on one feature.
 *
 * @param name             feature name
 * @param type             numeric or categorical
 * @param nReference       reference rows, missing values included
 * @param nCurrent         current rows, missing values included
 * @param missingReference missing values among the reference rows
 * @param missingCurrent   missing values among the current rows
 * @param tests            every applicable test (distribution tests need a non-missing value on
 *                         both sides; the missing-rate test needs a row on both sides)
 * @param decisiveTest     the test that decides, see {@link DriftMethod}
 * @param effectSize       effect size of the decisive test (see {@link DriftConfig}); empty when
 *                         the test is not applicable or the effect is unbounded
 * @param adjustedPValue   p-value of the decisive test after correction, when it has one
 * @param severity         NONE unless drifted, else from the largest drifted effect
 * @param drifted          whether the feature drifted
 * @param histogram        bins for display
 */
public record FeatureDrift(String name, FeatureType type, long nReference, long nCurrent, long missingReference,
                           long missingCurrent, List<TestResult> tests, TestMethod decisiveTest,
                           OptionalDouble effectSize, OptionalDouble adjustedPValue, Severity severity,
                           boolean drifted, Histogram histogram) {

    /** @throws IllegalArgumentException on a null part */
    public FeatureDrift {
        if (name == null || type == null || tests == null || decisiveTest == null || effectSize == null
            || adjustedPValue == null || severity == null || histogram == null) {
            throw new IllegalArgumentException("all parts are required");
        }
        tests = List.copyOf(tests);
    }

    /** The result of one test, if it was applicable. */
    public Optional<TestResult> test(TestMethod method) {
        return tests.stream().filter(t -> t.method() == method).findFirst();
    }
}
