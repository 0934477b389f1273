package dev.mlops.registry.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ModelNames;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The directory names of models. */
class ModelDirNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "churn, churn",
            "Churn, ^churn",
            "fraud/scorer, fraud+scorer",
            "Fraud/XGB-v2.1_final, ^fraud+^x^g^b-v2.1_final",
            "model., model^2e",
            "a./b, a.+b",
            "con, ^63on",
            "nul.v2, ^6eul.v2",
            "com1, ^63om1",
            "CON, ^c^o^n",
            "ns/con, ns+con",
            "console, console",
            "0, 0"})
    @DisplayName("encodes names reversibly")
    void encoding(String name, String dir) {
        assertThat(ModelDirNames.encode(name)).isEqualTo(dir);
        assertThat(ModelDirNames.decode(dir)).contains(name);
    }

    @Test
    @DisplayName("names that differ only in case never share a directory on a case-insensitive disk")
    void caseInsensitiveFilesystems() {
        List<String> names = List.of("abc", "Abc", "aBc", "abC", "ABC", "a/bc", "A/bc", "ab/c");
        Set<String> folded = new HashSet<>();
        for (String name : names) {
            assertThat(folded.add(ModelDirNames.encode(name).toLowerCase(Locale.ROOT))).as(name).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", ".", "a/b/c", "/x", "x/", "a b", "ä", "", "^churn"})
    @DisplayName("refuses names the API refuses")
    void invalid(String name) {
        assertThatThrownBy(() -> ModelDirNames.encode(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Churn", "^Churn", "^", "x^", "^-a", "^2", "con", "model.", "a~b", "a+b+c",
            "+a", ".hidden", "notes.txt~", "^63on.", "^41bc"})
    @DisplayName("decodes only the names it makes")
    void notEncodings(String dir) {
        assertThat(ModelDirNames.decode(dir)).isEmpty();
    }

    @Test
    @DisplayName("the longest valid names fit in a 255-byte directory name")
    void longest() {
        String longest = "A".repeat(ModelNames.MAX_LENGTH - 1) + ".";
        assertThat(ModelDirNames.encode(longest)).hasSizeLessThanOrEqualTo(255);
        assertThat(ModelDirNames.decode(ModelDirNames.encode(longest))).contains(longest);
    }
}
