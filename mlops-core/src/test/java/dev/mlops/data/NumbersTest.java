package dev.mlops.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "+2", "3.", ".5", "-.5", "1e3", "1E-3", "2.5e+10", "007"})
    @DisplayName("decimal numbers with an optional sign, fraction and exponent are numbers")
    void numbers(String text) {
        assertThat(Numbers.isNumber(text)).isTrue();
        assertThat(Numbers.parse(text)).isEqualTo(Double.parseDouble(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", ".", "e3", "1e", "1e+", "0x1p3", "1d", "1f", "NaN", "Infinity",
        "-Infinity", " 1", "1 ", "1,5", "1.2.3", "--1", "١٢"})
    @DisplayName("Java's other spellings are not numbers, so every reader agrees")
    void notNumbers(String text) {
        assertThat(Numbers.isNumber(text)).isFalse();
        assertThatThrownBy(() -> Numbers.parse(text)).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("not a number");
    }

    @Test
    @DisplayName("a number too large for a double is out of range, not infinity")
    void outOfRange() {
        assertThat(Numbers.isNumber("1e400")).isTrue();
        assertThatThrownBy(() -> Numbers.parse("1e400")).hasMessage("number out of range: 1e400");
        assertThat(Numbers.parse("1e308")).isEqualTo(1e308);
    }
}
