package dev.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.data.CsvTables;
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
    void selectKeepsTheRequestedOrderAndNamesUnknownFeatures() {
        assertThat(profile.select(List.of("age", "housing")).features()).extracting(FeatureProfile::name)
            .containsExactly("age", "housing");
        assertThatThrownBy(() -> profile.select(List.of("nope"))).hasMessageContaining("'nope'");
    }
}
