package dev.mlops.online;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.online.internal.BinaryIn;
import dev.mlops.online.internal.OnlineJson;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole state of an online learner at one moment, from which it continues bit for bit: the
 * serving model with its optimiser accumulators and standardization statistics (or the batch model),
 * a watched predecessor, a pending mini-batch, the buffer's contents and position, the detector's
 * state, the prequential counts and window, the trigger state, pending delayed-label predictions,
 * and the random generator's state. Stored in the registry as versions of the model
 * {@code NAME-checkpoints} in the format {@value CheckpointFormat#NAME}.
 *
 * <h2>Layout, version 1</h2>
 * Big-endian integers, IEEE-754 binary64 doubles (bit patterns kept), texts and arrays prefixed by
 * their 32-bit length.
 * <ol>
 *   <li>8 bytes of magic, ASCII {@code MLOPSOLC}, then the format version (unsigned 16-bit, 1).</li>
 *   <li>A header of UTF-8 JSON (length-prefixed): {@code format, createdAt, name, samples,
 *       generation, servingVersion, schema, optimizer, strategy, batchSize, buffer, detector,
 *       window}. The settings in it must equal the restoring learner's.</li>
 *   <li>The counters (samples, updates, retrains, promotions, rejections, rollbacks, failures; the
 *       generation; the last retraining's sample and time; the random state),
 *       the detected drifts' sample numbers, a pending retraining (flag, trigger, reason, first sample).</li>
 *   <li>The champion: kind (0 incremental, 1 batch), registered version (text, empty for none), its
 *       examples seen and right while serving, its newest example's time; then for an incremental
 *       model the {@link OnlineModel} arrays (as in that format, from the example count on) and the
 *       pending mini-batch, for a batch model its {@code mlops-model} artifact bytes.</li>
 *   <li>The watch: a flag, then the predecessor (as the champion), the promotion's sample, and the
 *       examples seen, right for the new model and right for the predecessor.</li>
 *   <li>The buffer (ring start, size, examples seen, random state, the values, labels, times and
 *       sample numbers), the prequential counts and window ring, the detector (its name and
 *       snapshot), and the pending predictions (key, values, served label, time).</li>
 * </ol>
 */
public final class Checkpoint {

    static final String MAGIC = "MLOPSOLC";
    static final int VERSION = 1;

    private final byte[] bytes;
    private final Instant createdAt;
    private final long samples;
    private final OnlineSchema schema;
    private final Optional<String> servingVersion;

    private Checkpoint(byte[] bytes, Instant createdAt, long samples, OnlineSchema schema, Optional<String> servingVersion) {
        this.bytes = bytes;
        this.createdAt = createdAt;
        this.samples = samples;
        this.schema = schema;
        this.servingVersion = servingVersion;
    }

    /**
     * Reads a checkpoint's header from the bytes {@link #toBytes()} wrote; the rest is read when a
     * learner restores it.
     *
     * @throws IllegalArgumentException when they are not a checkpoint
     */
    public static Checkpoint fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        BinaryIn in = new BinaryIn(bytes, CheckpointFormat.NAME);
        in.header(MAGIC, VERSION);
        JsonNode header = OnlineJson.parse(in.text(), in);
        OnlineSchema schema = OnlineJson.schema(OnlineJson.required(header, "schema", in), in);
        JsonNode serving = OnlineJson.required(header, "servingVersion", in);
        Instant created;
        try {
            created = Instant.parse(OnlineJson.required(header, "createdAt", in).asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw in.fail("its creation time is not an ISO-8601 instant");
        }
        return new Checkpoint(bytes.clone(), created, OnlineJson.required(header, "samples", in).asLong(), schema,
                serving.isNull() ? Optional.empty() : Optional.of(serving.asText()));
    }

    /** The bytes, to store. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** When it was taken (the learner's clock). */
    public Instant createdAt() {
        return createdAt;
    }

    /** Labelled examples the learner had processed. */
    public long samples() {
        return samples;
    }

    /** The learner's schema. */
    public OnlineSchema schema() {
        return schema;
    }

    /** The registered version that was serving, if it was registered. */
    public Optional<String> servingVersion() {
        return servingVersion;
    }

    /** The bytes without a copy, for restoring. */
    byte[] bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "Checkpoint[" + samples + " samples, " + createdAt + ", " + bytes.length + " bytes]";
    }
}
