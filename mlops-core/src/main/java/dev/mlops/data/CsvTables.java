package dev.mlops.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads {@link DataTable}s from CSV as the {@code mlops drift} contract says: UTF-8, a header
 * row, comma separated, RFC 4180 quoting, an empty cell is a missing value. A column is numeric
 * when every non-missing cell is a decimal number (optional sign, digits with an optional
 * fraction, optional exponent; no {@code NaN} or {@code Infinity}), unless it is listed as
 * categorical. Blank lines are skipped, except in a single-column file, where they are missing
 * values. Problems raise {@link DataException} naming the file, line and column.
 */
public final class CsvTables {

    private static final Pattern NUMBER =
        Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvTables() {
    }

    /**
     * Reads a file, inferring column types.
     *
     * @param categorical columns to treat as categorical even when their cells are numbers
     * @throws DataException if the file cannot be read or is malformed, or a categorical
     *                             name is not a column
     */
    public static DataTable read(Path file, Set<String> categorical) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString(), categorical, Map.of());
        } catch (IOException e) {
            throw new DataException(file.toString(), 0, null, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a file whose columns must have the types they have in {@code like} (columns absent
     * from {@code like} are inferred), so that current data is read the way the reference was.
     *
     * @throws DataException if the file cannot be read or is malformed, or a cell of a
     *                             column that is numeric in {@code like} is not a number
     */
    public static DataTable readLike(Path file, DataTable like) {
        Map<String, FeatureType> types = new java.util.HashMap<>();
        for (String name : like.columnNames()) {
            types.put(name, like.type(name).orElseThrow());
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString(), Set.of(), types);
        } catch (IOException e) {
            throw new DataException(file.toString(), 0, null, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads CSV bytes, strictly as UTF-8 (a byte sequence that is not UTF-8 is an error).
     *
     * @param source      names the data in error messages
     * @param categorical columns forced to categorical
     * @param types       columns whose type is fixed (numeric ones must parse)
     * @throws DataException if the bytes are malformed
     */
    public static DataTable read(byte[] csv, String source, Set<String> categorical, Map<String, FeatureType> types) {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        return read(reader, source, categorical, types);
    }

    /**
     * Reads CSV text from a reader; {@code source} names it in error messages.
     *
     * @param categorical columns forced to categorical
     * @param types       columns whose type is fixed (numeric ones must parse)
     * @throws DataException if the text is malformed
     */
    public static DataTable read(Reader reader, String source, Set<String> categorical, Map<String, FeatureType> types) {
        CSVFormat format = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setAllowMissingColumnNames(false)
            .setIgnoreEmptyLines(false)
            .build();
        List<String> header;
        List<List<String>> cells = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CSVParser parser = format.parse(reader)) {
            header = new ArrayList<>(parser.getHeaderNames());
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));  // a UTF-8 byte order mark is not part of the name
            }
            if (header.isEmpty()) {
                throw new DataException(source, 1, null, "no header row");
            }
            Set<String> seen = new HashSet<>();
            for (int c = 0; c < header.size(); c++) {
                String name = header.get(c);
                if (name.isBlank()) {
                    throw new DataException(source, 1, null, "header cell " + (c + 1) + " is empty");
                }
                if (!seen.add(name)) {
                    throw new DataException(source, 1, name, "duplicate column name");
                }
            }
            for (String name : categorical) {
                if (!seen.contains(name)) {
                    throw new DataException(source, 1, name, "listed as categorical but not in the header " + header);
                }
            }
            java.util.Iterator<CSVRecord> records = parser.iterator();
            long nextLine = parser.getCurrentLineNumber() + 1;
            while (records.hasNext()) {
                CSVRecord record = records.next();
                // the line the record starts on, also for quoted cells that span lines
                long line = nextLine;
                nextLine = parser.getCurrentLineNumber() + 1;
                if (header.size() > 1 && record.size() == 1 && record.get(0).isEmpty()) {
                    continue;  // a blank line; with a single column it is a missing value instead
                }
                if (record.size() != header.size()) {
                    throw new DataException(source, line, null,
                        "expected " + header.size() + " cells, found " + record.size());
                }
                cells.add(record.toList());
                lines.add(line);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            String message = e.getMessage();
            if (e instanceof UncheckedIOException && e.getCause() != null) {
                message = e.getCause().getMessage();
            }
            throw new DataException(source, 0, null, "malformed CSV: " + message, e);
        }
        DataTable.Builder builder = DataTable.builder();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            FeatureType fixed = types.get(name);
            boolean numeric = fixed == FeatureType.NUMERIC
                || (fixed == null && !categorical.contains(name) && allNumbers(cells, c));
            if (numeric) {
                double[] values = new double[cells.size()];
                for (int r = 0; r < values.length; r++) {
                    String cell = cells.get(r).get(c).strip();
                    if (cell.isEmpty()) {
                        values[r] = Double.NaN;
                    } else if (NUMBER.matcher(cell).matches()) {
                        values[r] = Double.parseDouble(cell);
                        if (Double.isInfinite(values[r])) {
                            throw new DataException(source, lines.get(r), name, "number out of range: " + cell);
                        }
                    } else {
                        throw new DataException(source, lines.get(r), name, "not a number: '" + cell + "'");
                    }
                }
                builder.numeric(name, values);
            } else {
                String[] values = new String[cells.size()];
                for (int r = 0; r < values.length; r++) {
                    values[r] = cells.get(r).get(c);
                }
                builder.categorical(name, values);
            }
        }
        return builder.build();
    }

    private static boolean allNumbers(List<List<String>> cells, int column) {
        for (List<String> row : cells) {
            String cell = row.get(column).strip();
            if (!cell.isEmpty() && !NUMBER.matcher(cell).matches()) {
                return false;
            }
        }
        return true;
    }
}
