package dev.mlops.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads {@link DataTable}s from CSV as the {@code mlops drift} contract says: UTF-8, a header
 * row, comma separated, RFC 4180 quoting, an empty cell is a missing value. A column is numeric
 * when every non-missing cell is a number as {@link Numbers} defines one, unless it is listed as
 * categorical or its type is given. Blank lines are skipped, except in a single-column file, where
 * they are missing values. Problems raise {@link DataException} naming the file, line and column;
 * bytes that are not UTF-8 are reported with their line.
 *
 * <p>Memory: a file whose column types must be inferred is read twice, once to infer the types and
 * once to fill typed columns, so that no more than the typed values is ever held (a number takes
 * 8 bytes, where its text took some 50); with every type given, once. {@link #readBatches} reads a
 * file of any size in batches of rows.
 */
public final class CsvTables {

    /** Categorical levels are shared per column up to this many distinct values. */
    private static final int SHARED_LEVELS = 10_000;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
        .setHeader()
        .setSkipHeaderRecord(true)
        .setAllowMissingColumnNames(false)
        .setIgnoreEmptyLines(false)
        .build();

    private CsvTables() {
    }

    /** Opens the text of a source again, for a second pass. */
    @FunctionalInterface
    private interface Source {
        Reader open() throws IOException;
    }

    /**
     * Reads a file, inferring column types.
     *
     * @param categorical columns to treat as categorical even when their cells are numbers
     * @throws DataException if the file cannot be read or is malformed, or a categorical
     *                             name is not a column
     */
    public static DataTable read(Path file, Set<String> categorical) {
        return read(file, categorical, Map.of());
    }

    /**
     * Reads a file with some column types fixed: numeric ones must parse, the others are inferred.
     *
     * @param categorical columns forced to categorical
     * @param types       columns whose type is fixed
     * @throws DataException if the file cannot be read or is malformed, a categorical name is not a
     *                             column, or a cell of a fixed numeric column is not a number
     */
    public static DataTable read(Path file, Set<String> categorical, Map<String, FeatureType> types) {
        return read(() -> new Utf8Reader(Files.newInputStream(file)), file.toString(), categorical, types);
    }

    /**
     * Reads a file whose columns must have the types they have in {@code like} (columns absent
     * from {@code like} are inferred), so that current data is read the way the reference was.
     *
     * @throws DataException if the file cannot be read or is malformed, or a cell of a
     *                             column that is numeric in {@code like} is not a number
     */
    public static DataTable readLike(Path file, DataTable like) {
        Map<String, FeatureType> types = new HashMap<>();
        for (String name : like.columnNames()) {
            types.put(name, like.type(name).orElseThrow());
        }
        return read(file, Set.of(), types);
    }

    /**
     * Reads CSV bytes, strictly as UTF-8.
     *
     * @param source      names the data in error messages
     * @param categorical columns forced to categorical
     * @param types       columns whose type is fixed (numeric ones must parse)
     * @throws DataException if the bytes are malformed or not UTF-8
     */
    public static DataTable read(byte[] csv, String source, Set<String> categorical, Map<String, FeatureType> types) {
        return read(() -> new Utf8Reader(new ByteArrayInputStream(csv)), source, categorical, types);
    }

    /**
     * Reads CSV text from a reader, which is read to its end first when types must be inferred
     * (the text is then held in memory); {@code source} names it in error messages.
     *
     * @param categorical columns forced to categorical
     * @param types       columns whose type is fixed (numeric ones must parse)
     * @throws DataException if the text is malformed
     */
    public static DataTable read(Reader reader, String source, Set<String> categorical, Map<String, FeatureType> types) {
        String text;
        try {
            StringBuilder out = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) != -1; ) {
                out.append(buffer, 0, n);
            }
            text = out.toString();
        } catch (IOException e) {
            throw failure(source, e);
        }
        return read(() -> new StringReader(text), source, categorical, types);
    }

    /**
     * Reads a file of any size in batches of at most {@code batchRows} rows, in file order, each a
     * table of just the given columns with their given types; other columns are skipped unread.
     *
     * @param columns the columns to read and their types; numeric cells must parse
     * @param batchRows the most rows of a batch, at least 1
     * @param batches receives each batch, in order
     * @return the number of data rows read
     * @throws DataException if the file cannot be read, is malformed or not UTF-8, lacks one of the
     *                             columns, or a numeric cell is not a number
     */
    public static long readBatches(Path file, Map<String, FeatureType> columns, int batchRows,
                                   Consumer<DataTable> batches) {
        if (batchRows < 1) {
            throw new IllegalArgumentException("a batch needs at least one row, got " + batchRows);
        }
        String source = file.toString();
        try (Reader reader = new Utf8Reader(Files.newInputStream(file)); CSVParser parser = FORMAT.parse(reader)) {
            List<String> header = header(parser, source, Set.of());
            List<String> missing = columns.keySet().stream().filter(c -> !header.contains(c)).sorted().toList();
            if (!missing.isEmpty()) {
                throw new DataException(source, 1, missing.get(0), "column missing" + (missing.size() > 1
                    ? " (and " + missing.subList(1, missing.size()) + ")" : "") + "; the header has " + header);
            }
            Column[] wanted = new Column[header.size()];
            for (int c = 0; c < header.size(); c++) {
                FeatureType type = columns.get(header.get(c));
                wanted[c] = type == null ? null : new Column(header.get(c), type == FeatureType.NUMERIC);
            }
            long[] rows = {0};
            records(parser, header.size(), source, (record, line) -> {
                for (int c = 0; c < wanted.length; c++) {
                    if (wanted[c] != null) {
                        wanted[c].add(record.get(c), source, line);
                    }
                }
                if (++rows[0] % batchRows == 0) {
                    batches.accept(batch(wanted));
                }
            });
            if (rows[0] % batchRows != 0) {
                batches.accept(batch(wanted));
            }
            return rows[0];
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw failure(source, e);
        }
    }

    /** The rows read into the wanted columns so far, as a table; the columns start over. */
    private static DataTable batch(Column[] wanted) {
        DataTable.Builder table = DataTable.builder();
        for (Column column : wanted) {
            if (column != null) {
                column.addTo(table);
                column.clear();
            }
        }
        return table.build();
    }

    /** Both passes over a re-readable source. */
    private static DataTable read(Source text, String source, Set<String> categorical, Map<String, FeatureType> types) {
        List<String> header;
        boolean[] numeric;
        try (Reader reader = text.open(); CSVParser parser = FORMAT.parse(reader)) {
            header = header(parser, source, categorical);
            numeric = new boolean[header.size()];
            boolean[] inferred = new boolean[header.size()];
            boolean inferAny = false;
            for (int c = 0; c < header.size(); c++) {
                FeatureType fixed = types.get(header.get(c));
                numeric[c] = fixed == FeatureType.NUMERIC || (fixed == null && !categorical.contains(header.get(c)));
                inferred[c] = fixed == null && !categorical.contains(header.get(c));
                inferAny |= inferred[c];
            }
            if (!inferAny) {
                // every type is known: one pass fills the columns
                return fill(parser, header, numeric, source);
            }
            records(parser, header.size(), source, (record, line) -> {
                for (int c = 0; c < numeric.length; c++) {
                    if (inferred[c] && numeric[c]) {
                        String cell = record.get(c).strip();
                        numeric[c] = cell.isEmpty() || Numbers.isNumber(cell);
                    }
                }
            });
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw failure(source, e);
        }
        try (Reader reader = text.open(); CSVParser parser = FORMAT.parse(reader)) {
            header(parser, source, categorical);
            return fill(parser, header, numeric, source);
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw failure(source, e);
        }
    }

    /** Reads the records after the header into typed columns. */
    private static DataTable fill(CSVParser parser, List<String> header, boolean[] numeric, String source) {
        Column[] columns = new Column[header.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new Column(header.get(c), numeric[c]);
        }
        records(parser, header.size(), source, (record, line) -> {
            for (int c = 0; c < columns.length; c++) {
                columns[c].add(record.get(c), source, line);
            }
        });
        DataTable.Builder builder = DataTable.builder();
        for (Column column : columns) {
            column.addTo(builder);
        }
        return builder.build();
    }

    /** The header, checked: not empty, no blank or duplicate name, every categorical name in it. */
    private static List<String> header(CSVParser parser, String source, Set<String> categorical) {
        List<String> header = new ArrayList<>(parser.getHeaderNames());
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
        return List.copyOf(header);
    }

    /** What to do with one data record and the line it starts on. */
    @FunctionalInterface
    private interface RecordHandler {
        void handle(CSVRecord record, long line);
    }

    /** Hands every data record, with the line it starts on, to {@code handler}, checking cell counts. */
    private static void records(CSVParser parser, int columns, String source, RecordHandler handler) {
        Iterator<CSVRecord> records = parser.iterator();
        long nextLine = parser.getCurrentLineNumber() + 1;
        while (records.hasNext()) {
            CSVRecord record = records.next();
            // the line the record starts on, also for quoted cells that span lines
            long line = nextLine;
            nextLine = parser.getCurrentLineNumber() + 1;
            if (columns > 1 && record.size() == 1 && record.get(0).isEmpty()) {
                continue;  // a blank line; with a single column it is a missing value instead
            }
            if (record.size() != columns) {
                throw new DataException(source, line, null, "expected " + columns + " cells, found " + record.size());
            }
            handler.handle(record, line);
        }
    }

    /** A reading failure as a {@link DataException}: bytes that are not UTF-8 with their line. */
    private static DataException failure(String source, Exception e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof NotUtf8 notUtf8) {
            return new DataException(source, notUtf8.line, null, notUtf8.getMessage(), e);
        }
        if (cause instanceof NoSuchFileException) {
            return new DataException(source, 0, null, "cannot read: no such file", e);
        }
        if (cause instanceof FileSystemException fileSystem) {
            return new DataException(source, 0, null, "cannot read: " + (fileSystem.getReason() != null
                ? fileSystem.getReason() : fileSystem.getClass().getSimpleName()), e);
        }
        return new DataException(source, 0, null, "malformed CSV: " + cause.getMessage(), e);
    }

    /** Bytes that are not UTF-8, found on a line. */
    private static final class NotUtf8 extends IOException {
        final long line;

        NotUtf8(long line, String message) {
            super(message);
            this.line = line;
        }
    }

    /**
     * Decodes UTF-8, refusing malformed bytes, and counts the line feeds it has delivered, so that
     * the first bad byte is reported with its line; a byte order mark of UTF-16 gets a sentence of
     * its own.
     */
    private static final class Utf8Reader extends Reader {
        private final InputStream in;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();
        private long line = 1;
        private boolean start = true;
        private boolean eof;

        Utf8Reader(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(char[] chars, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (len < 2) {
                // a supplementary character needs two chars of room; the CSV parser reads in blocks
                throw new IllegalArgumentException("read at least two chars at a time, not " + len);
            }
            CharBuffer out = CharBuffer.wrap(chars, off, len);
            while (out.position() == off) {
                if (!bytes.hasRemaining() && eof) {
                    return finish(out, off);
                }
                if (!eof && bytes.remaining() < 4) {
                    fill();
                }
                if (start && bytes.remaining() >= 2) {
                    start = false;
                    int b0 = bytes.get(bytes.position()) & 0xff;
                    int b1 = bytes.get(bytes.position() + 1) & 0xff;
                    if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
                        throw new NotUtf8(1, "not UTF-8: the file starts with the byte order mark of"
                            + " UTF-16; save it as UTF-8");
                    }
                }
                CoderResult result = decoder.decode(bytes, out, eof);
                if (result.isError()) {
                    if (out.position() > off) {
                        break;  // deliver what came before; the next call reports the bad bytes
                    }
                    int bad = bytes.get(bytes.position()) & 0xff;
                    throw new NotUtf8(line, String.format("not UTF-8: byte 0x%02X cannot start or continue"
                        + " a UTF-8 character (Latin-1 or Windows-1252 text?); save the file as UTF-8", bad));
                }
                if (eof && !bytes.hasRemaining() && out.position() == off) {
                    return finish(out, off);
                }
            }
            int n = out.position() - off;
            for (int i = off; i < off + n; i++) {
                if (chars[i] == '\n') {
                    line++;
                }
            }
            return n;
        }

        private int finish(CharBuffer out, int off) throws IOException {
            CoderResult result = decoder.flush(out);
            if (result.isError()) {
                throw new NotUtf8(line, "not UTF-8: the file ends inside a UTF-8 character");
            }
            int n = out.position() - off;
            return n == 0 ? -1 : n;
        }

        private void fill() throws IOException {
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The values of one column as they are read. */
    private static final class Column {
        private final String name;
        private final boolean numeric;
        private double[] numbers;
        private String[] texts;
        private final Map<String, String> levels = new HashMap<>();
        private int size;

        Column(String name, boolean numeric) {
            this.name = name;
            this.numeric = numeric;
            clear();
        }

        void add(String cell, String source, long line) {
            if (numeric) {
                if (size == numbers.length) {
                    numbers = Arrays.copyOf(numbers, size * 2);
                }
                String text = cell.strip();
                if (text.isEmpty()) {
                    numbers[size++] = Double.NaN;
                } else {
                    try {
                        numbers[size++] = Numbers.parse(text);
                    } catch (NumberFormatException e) {
                        throw new DataException(source, line, name, e.getMessage());
                    }
                }
            } else {
                if (size == texts.length) {
                    texts = Arrays.copyOf(texts, size * 2);
                }
                // repeated levels share one string; an identifier column stops sharing early
                String shared = levels.size() < SHARED_LEVELS ? levels.computeIfAbsent(cell, c -> c) : levels.getOrDefault(cell, cell);
                texts[size++] = shared;
            }
        }

        void addTo(DataTable.Builder table) {
            if (numeric) {
                table.numeric(name, Arrays.copyOf(numbers, size));
            } else {
                table.categorical(name, Arrays.copyOf(texts, size));
            }
        }

        void clear() {
            size = 0;
            if (numeric) {
                numbers = new double[16];
            } else {
                texts = new String[16];
            }
        }
    }
}
