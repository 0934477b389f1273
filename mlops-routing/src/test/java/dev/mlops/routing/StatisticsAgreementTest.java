package dev.mlops.routing;

import static dev.mlops.stats.Agreement.agrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.stats.Agreement;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agreement of the router's own statistics (the sample-ratio check, sample sizes and power) with
 * the values of {@code src/test/python/generate_routing_reference.py} (scipy 1.17) to 1e-9,
 * absolute, or relative where the value exceeds 1 in magnitude. The tests they build on are
 * checked in mlops-core ({@code dev.mlops.stats.StatisticsAgreementTest}).
 */
class StatisticsAgreementTest {

    @AfterAll
    static void report() {
        System.out.printf("scipy agreement: largest scaled difference %.3g (tolerance %.0g)%n",
            Agreement.largestDifference(), Agreement.TOLERANCE);
    }

    static Stream<Arguments> srm() {
        return Fixtures.cases("srm");
    }

    static Stream<Arguments> power() {
        return Fixtures.cases("power");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("sample ratio check as scipy.stats.chisquare(observed, expected)")
    void srm(String name, JsonNode c) {
        SampleRatioCheck check = Analyzer.sampleRatio(Agreement.longs(c.get("observed")), Agreement.doubles(c.get("shares")));
        agrees("statistic", check.statistic(), c.get("statistic"));
        agrees("p-value", check.pValue(), c.get("pValue"));
        assertThat(check.mismatch()).isEqualTo(c.get("pValue").asDouble() < 0.001);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("sample size and power with norm.ppf / norm.cdf")
    void power(String name, JsonNode c) {
        double sd1 = c.get("sd1").asDouble();
        double sd2 = c.get("sd2").asDouble();
        double effect = c.get("effect").asDouble();
        double alpha = c.get("alpha").asDouble();
        assertThat(Power.sampleSize(sd1, sd2, effect, alpha, c.get("power").asDouble())).isEqualTo(c.get("sampleSize").asLong());
        agrees("power", Power.power(c.get("units").asLong(), sd1, sd2, effect, alpha), c.get("achievedPower"));
    }

    @ParameterizedTest(name = "baseline {0}, effect {1}")
    @CsvSource({"0.1, 0.02", "0.5, -0.05", "0.03, 0.005"})
    @DisplayName("conversion power is the power at the rates' deviations, and reaches the target at the planned size")
    void conversionPower(double baseline, double effect) {
        double treated = baseline + effect;
        long planned = Power.conversionSampleSize(baseline, effect, 0.05, 0.8);
        assertThat(Power.conversionPower(planned, baseline, effect, 0.05)).isEqualTo(Power.power(planned,
            Math.sqrt(baseline * (1 - baseline)), Math.sqrt(treated * (1 - treated)), effect, 0.05));
        assertThat(Power.conversionPower(planned, baseline, effect, 0.05)).isGreaterThanOrEqualTo(0.8);
        assertThat(Power.conversionPower(planned - 1, baseline, effect, 0.05)).isLessThan(0.8);
        assertThatThrownBy(() -> Power.conversionPower(planned, baseline, 1 - baseline, 0.05))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rates must be in (0, 1)");
    }
}
