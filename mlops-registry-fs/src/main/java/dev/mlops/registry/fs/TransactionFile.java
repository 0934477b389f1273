package dev.mlops.registry.fs;

import java.util.List;
import java.util.Objects;

/**
 * The content of one log file: every write of one committed transaction of one model, in order.
 * The model and sequence number repeat what the file's path says, so that a file copied or renamed
 * into the wrong place is detected instead of replayed.
 *
 * @param format the file format, {@value #FORMAT}
 * @param model the model name
 * @param seq the transaction's position in the model's log, from 1
 * @param records the writes, in the order they were made
 */
record TransactionFile(int format, String model, long seq, List<LogRecord> records) {

    /** The only format written and read so far. */
    static final int FORMAT = 1;

    TransactionFile {
        Objects.requireNonNull(model, "model");
        records = List.copyOf(records);
    }
}
