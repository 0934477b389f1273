package dev.mlops.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Agreement with reference values computed by scipy: 1e-9, absolute, or relative where the value
 * exceeds 1 in magnitude. Shared with the modules whose agreement tests need their own types
 * (routing's analysis, sample-ratio check and power).
 */
public final class Agreement {

    /** The tolerance of {@link #agrees(String, double, JsonNode)}. */
    public static final double TOLERANCE = 1e-9;

    private static double largestDifference;

    private Agreement() {
    }

    /** Asserts that a value agrees with its reference to {@link #TOLERANCE}. */
    public static void agrees(String what, double actual, JsonNode expected) {
        double e = expected.asDouble();
        double difference = Math.abs(actual - e);
        synchronized (Agreement.class) {
            largestDifference = Math.max(largestDifference, difference / Math.max(1, Math.abs(e)));
        }
        assertThat(difference).as("%s: %s vs scipy %s", what, actual, e).isLessThanOrEqualTo(TOLERANCE * Math.max(1, Math.abs(e)));
    }

    /** Asserts statistic, p-value, effect and interval of a comparison against a reference case. */
    public static void agrees(TestResult result, JsonNode expected) {
        Effect effect = result.effect().orElseThrow();
        agrees("statistic", result.statistic(), expected.get("statistic"));
        agrees("p-value", result.pValue().orElseThrow(), expected.get("pValue"));
        agrees("effect", effect.estimate(), expected.get("effect"));
        agrees("ciLow", effect.low(), expected.get("ciLow"));
        agrees("ciHigh", effect.high(), expected.get("ciHigh"));
    }

    /** The largest scaled difference seen so far, for a test's closing line. */
    public static synchronized double largestDifference() {
        return largestDifference;
    }

    /** A JSON resource on the test class path. */
    public static JsonNode read(String resource) {
        try (InputStream in = Agreement.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One named argument per entry of a section of a reference document. */
    public static Stream<Arguments> cases(JsonNode reference, String section) {
        List<Arguments> list = new ArrayList<>();
        int i = 0;
        for (JsonNode node : reference.get(section)) {
            list.add(Arguments.of(section + "[" + i++ + "]", node));
        }
        return list.stream();
    }

    /** A JSON array of numbers as a double array. */
    public static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    /** A JSON array of integers as a long array. */
    public static long[] longs(JsonNode array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asLong();
        }
        return values;
    }
}
