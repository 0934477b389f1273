package dev.mlops.cli;

import dev.mlops.registry.Stage;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a stage name in any case, with the API's message for an unknown one. */
final class StageConverter implements ITypeConverter<Stage> {

    @Override
    public Stage convert(String value) {
        try {
            return Stage.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
