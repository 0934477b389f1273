package dev.mlops.validation.internal;

import dev.mlops.validation.Check;
import java.util.List;

/**
 * The evaluation has at least {@code minimum} labeled rows, so its metrics mean something.
 *
 * @param minimum the fewest rows
 */
public record RowsCheck(int minimum) implements CheckRunner {

    @Override
    public List<Check> run(Evaluation evaluation) {
        int rows = evaluation.actual().size();
        boolean passed = rows >= minimum;
        return List.of(new Check("rows.min", rows, minimum, passed,
                rows + " labeled rows " + (passed ? "≥ " : "< ") + minimum));
    }
}
