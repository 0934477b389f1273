package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.IntegrityException;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.PromotionRefusedException;
import dev.mlops.registry.StorageException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Failures map to the exit codes of CLI.md")
class ExitCodesTest {

    @Test
    @DisplayName("each exception family has its code")
    void mapping() {
        assertThat(ExitCodes.of(new IllegalArgumentException("bad"))).isEqualTo(2);
        assertThat(ExitCodes.of(new MlopsConfigurationException("no provider"))).isEqualTo(2);
        assertThat(ExitCodes.of(new ModelNotFoundException("none"))).isEqualTo(3);
        assertThat(ExitCodes.of(new ConflictException("moved"))).isEqualTo(4);
        assertThat(ExitCodes.of(new PromotionRefusedException("gate", List.of()))).isEqualTo(1);
        assertThat(ExitCodes.of(new IntegrityException("corrupt"))).isEqualTo(5);
        assertThat(ExitCodes.of(new StorageException("disk"))).isEqualTo(5);
        assertThat(ExitCodes.of(new UncheckedIOException(new java.io.IOException("disk"))))
                .isEqualTo(5);
        assertThat(ExitCodes.of(new dev.mlops.data.DataException("f.csv", 3, "x", "not a number"))).isEqualTo(2);
    }

    @Test
    @DisplayName("a fault of the program itself is never mistaken for a verdict or a usage error")
    void unexpected() {
        assertThat(ExitCodes.of(new NullPointerException())).isEqualTo(ExitCodes.STORAGE);
        assertThat(ExitCodes.of(new IllegalStateException("bug"))).isEqualTo(ExitCodes.STORAGE);
        assertThat(ExitCodes.of(new OutOfMemoryError("Java heap space"))).isEqualTo(ExitCodes.STORAGE);
    }
}
