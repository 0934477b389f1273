package dev.mlops.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExpfTest {

    @Test
    @DisplayName("the float exponential equals the C library's expf bit for bit (reference by src/test/resources/expf/expf_reference.py)")
    void equalsTheCLibrary() throws IOException {
        List<String> lines;
        try (InputStream in = ExpfTest.class.getResourceAsStream("/expf/expf.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
        }
        assertThat(lines).hasSizeGreaterThan(20_000);
        int differentFromMathExp = 0;
        for (String line : lines) {
            String[] cells = line.split(",");
            float x = Float.intBitsToFloat(Integer.parseInt(cells[0]));
            int expected = Integer.parseInt(cells[1]);
            assertThat(Float.floatToRawIntBits(Expf.exp(x))).as("expf(%s)", x).isEqualTo(expected);
            if (Float.floatToRawIntBits((float) Math.exp(x)) != expected) {
                differentFromMathExp++;
            }
        }
        // why the port exists: rounding Math.exp to float differs in the last bit now and then
        assertThat(differentFromMathExp).isPositive();
    }
}
