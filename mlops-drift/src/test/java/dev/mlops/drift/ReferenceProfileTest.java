package dev.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.data.CsvTables;
import dev.mlops.data.DataTable;
import dev.mlops.stats.TestResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceProfileTest {

    final ReferenceProfile profile = ReferenceProfile.fit(CsvTables.read(TestTables.data("credit-g.csv"), Set.of()));

    @Test
    void survivesAJsonRoundTripExactly(@TempDir Path dir) {
        Path file = dir.resolve("profile.json");
        profile.write(file);
        ReferenceProfile again = ReferenceProfile.read(file);
        assertThat(again).isEqualTo(profile);
        NumericProfile amount = (NumericProfile) again.feature("credit_amount").orElseThrow();
        NumericProfile original = (NumericProfile) profile.feature("credit_amount").orElseThrow();
        assertThat(amount.edges()).containsExactly(original.edges());
        assertThat(amount.binProportions()).containsExactly(original.binProportions());
        assertThat(again.toJson()).isEqualTo(profile.toJson());
    }

    @Test
    void keepsSortedValuesDecilesAndCategoryFrequencies() {
        NumericProfile age = (NumericProfile) profile.feature("age").orElseThrow();
        double[] sorted = age.sortedValues();
        assertThat(sorted).hasSize(1000).isSorted();
        assertThat(age.edges()).hasSizeLessThanOrEqualTo(9).isSorted();
        assertThat(java.util.Arrays.stream(age.binProportions()).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        CategoricalProfile housing = (CategoricalProfile) profile.feature("housing").orElseThrow();
        assertThat(housing.frequencies().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1000);
        assertThat(profile.feature("nope")).isEmpty();
    }

    @Test
    void handsOutCopiesSoItStaysImmutable() {
        NumericProfile age = (NumericProfile) profile.feature("age").orElseThrow();
        age.sortedValues()[0] = 1e9;
        age.edges()[0] = 1e9;
        assertThat(age.sortedValues()[0]).isLessThan(1e9);
        assertThat(age.edges()[0]).isLessThan(1e9);
        assertThatThrownBy(() -> profile.features().add(age)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsDocumentsThatAreNotProfiles() {
        assertThatThrownBy(() -> ReferenceProfile.fromJson("{\"format\":\"other\"}")).isInstanceOf(DriftException.class);
        assertThatThrownBy(() -> ReferenceProfile.fromJson("not json")).isInstanceOf(DriftException.class);
        assertThatThrownBy(() -> ReferenceProfile.fromJson("{\"format\":\"mlops-drift-profile\",\"version\":1,\"features\":"
            + "[{\"name\":\"x\",\"type\":\"numeric\",\"count\":2,\"missing\":0,\"values\":[2,1]}]}"))
            .isInstanceOf(DriftException.class).hasMessageContaining("ascending");
    }

    @Test
    void assembledFromFeatureProfilesEqualsTheFittedOneAndRefusesDuplicateNames() {
        double[] x = {1.5, Double.NaN, -2, 7};
        String[] colour = {"red", null, "blue", "red"};
        ReferenceProfile fitted = ReferenceProfile.fit(
            DataTable.builder().numeric("x", x).categorical("colour", colour).build());
        ReferenceProfile assembled = ReferenceProfile.of(
            List.of(NumericProfile.of("x", x), CategoricalProfile.of("colour", colour)));
        assertThat(assembled).isEqualTo(fitted);
        assertThat(assembled.toJson()).isEqualTo(fitted.toJson());
        List<FeatureProfile> twice = List.of(NumericProfile.of("x", x), CategoricalProfile.of("x", colour));
        assertThatThrownBy(() -> ReferenceProfile.of(twice))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate feature 'x'");
    }

    @Test
    void aNumericProfileKeepsTheMeanAndPopulationStandardDeviationOfItsPresentValues() {
        NumericProfile x = NumericProfile.of("x", new double[] {1, 2, Double.NaN, 3, 6});
        assertThat(x.missing()).isEqualTo(1);
        assertThat(x.mean()).isEqualTo(3.0);
        assertThat(x.standardDeviation()).isEqualTo(Math.sqrt(3.5));
        NumericProfile empty = NumericProfile.of("e", new double[] {Double.NaN});
        assertThat(empty.mean()).isZero();
        assertThat(empty.standardDeviation()).isZero();
    }

    @Test
    void scratchChecksGiveTheDetectorsStatisticsAndTheMissingCount() {
        NumericProfile age = (NumericProfile) profile.feature("age").orElseThrow();
        double[] window = DriftDetectorTest.gaussians(4, 600, 40);
        for (int i = 0; i < window.length; i += 10) {
            window[i] = Double.NaN;
        }
        FeatureDrift expected = DriftDetector.of(profile.select(List.of("age")))
            .check(DataTable.builder().numeric("age", window).build()).feature("age").orElseThrow();
        DriftScratch scratch = new DriftScratch();
        age.ks(window, window.length, scratch);
        TestResult ks = expected.test(TestMethod.KS).orElseThrow();
        assertThat(scratch.ksStatistic()).isEqualTo(ks.statistic());
        assertThat(scratch.ksPValue()).isEqualTo(ks.pValue().getAsDouble());
        assertThat(scratch.ksExact()).as("1000 and 540 values: the exact distribution").isTrue();
        assertThat(scratch.missing()).isEqualTo(60);
        assertThat(age.psi(window, window.length, scratch))
            .isEqualTo(expected.test(TestMethod.PSI).orElseThrow().statistic());
        assertThat(age.jensenShannon(window, window.length, scratch))
            .isEqualTo(expected.test(TestMethod.JS).orElseThrow().statistic());
        assertThat(scratch.missing()).isEqualTo(60);
        assertThat(age.wasserstein(window, window.length, scratch))
            .isEqualTo(expected.test(TestMethod.WASSERSTEIN).orElseThrow().statistic());

        NumericProfile large = NumericProfile.of("large", DriftDetectorTest.gaussians(5, 20_000, 0));
        large.ks(window, window.length, scratch);
        assertThat(scratch.ksExact()).as("more than 10,000 reference values: asymptotic").isFalse();
    }

    @Test
    void selectKeepsTheRequestedOrderAndNamesUnknownFeatures() {
        assertThat(profile.select(List.of("age", "housing")).features()).extracting(FeatureProfile::name)
            .containsExactly("age", "housing");
        assertThatThrownBy(() -> profile.select(List.of("nope"))).hasMessageContaining("'nope'");
    }
}
