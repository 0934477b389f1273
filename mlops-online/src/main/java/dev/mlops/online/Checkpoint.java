package dev.mlops.online;

import dev.mlops.registry.ModelRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole state of an online learner at one moment, from which it continues bit for bit: the
 * serving model with its optimiser accumulators and standardization statistics (or the batch
 * model), a watched predecessor, a pending mini-batch, the buffer's contents and position, the
 * detector's state, the prequential counts and window, the trigger state, pending delayed-label
 * predictions, the counters and the random generator's state. It is the learner's snapshot
 * written out: {@link OnlineLearner#checkpoint} registers one as a version of the model
 * {@code NAME-checkpoints} in the format {@value CheckpointFormat#NAME}, and
 * {@link OnlineLearner.Builder#restoreFrom} restores it.
 *
 * <h2>Layout, version 2</h2>
 * Big-endian integers, IEEE-754 binary64 doubles (bit patterns kept), texts and arrays prefixed by
 * their 32-bit length (a text of length −1 in a text array is absent). Other versions are refused.
 * <ol>
 *   <li>8 bytes of magic, ASCII {@code MLOPSOLC}, then the format version (unsigned 16-bit, 2).</li>
 *   <li>A header of UTF-8 JSON: {@code format, createdAt} and the settings the state depends on,
 *       which the restoring learner must share: {@code schema, optimizer, strategy, batchSize,
 *       buffer {kind, capacity, maxAge (ISO-8601 or null), seed}, detector {name, ...settings},
 *       window}.</li>
 *   <li>The counters (samples, updates, retrains, promotions, rejections, rollbacks, failures; the
 *       generation, 32-bit; the last retraining's sample and time), the random state, the detected
 *       drifts' sample numbers, and a pending retraining (flag, then trigger id, reason, first
 *       sample).</li>
 *   <li>The champion: kind (0 incremental, 1 batch), registered version (model name, empty for
 *       none, and number), its examples seen and right while serving, its newest example's time;
 *       then for an incremental model the {@link OnlineModel} numbers (as in that format, from the
 *       example count on) and the pending mini-batch (size, summed gradients, touched columns), for
 *       a batch model its {@code mlops-model} artifact bytes.</li>
 *   <li>The watch: a flag, then the predecessor (as the champion), the promotion's sample, and the
 *       examples seen, right for the new model and right for the predecessor.</li>
 *   <li>The lagged copies: their count, then each one's last sample and its prediction numbers
 *       (example and update counts, weights, statistic counts, means, squared deviations).</li>
 *   <li>The buffer (ring start, size, examples seen, random state, the values, labels, times and
 *       sample numbers of every slot), the prequential counts and window ring, the detector (its
 *       name and the drift module's snapshot, its state by name), and the pending predictions
 *       (key, values, served label, time).</li>
 *   <li>Nothing else: trailing bytes are refused.</li>
 * </ol>
 */
public final class Checkpoint {

    static final String MAGIC = "MLOPSOLC";
    static final int VERSION = 2;

    private final Instant createdAt;
    private final LearnerSnapshot state;

    Checkpoint(Instant createdAt, LearnerSnapshot state) {
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.state = Objects.requireNonNull(state, "state");
    }

    /**
     * Reads a checkpoint from the bytes {@link #toBytes()} wrote.
     *
     * @throws IllegalArgumentException naming what is wrong when they are not a checkpoint of this
     *     format version
     */
    public static Checkpoint fromBytes(byte[] bytes) {
        return CheckpointCodec.decode(Objects.requireNonNull(bytes, "bytes"));
    }

    /** The bytes, to store (see the class documentation for the layout). */
    public byte[] toBytes() {
        return CheckpointCodec.encode(this);
    }

    /** When it was taken (the learner's clock). */
    public Instant createdAt() {
        return createdAt;
    }

    /** Labelled examples the learner had processed. */
    public long samples() {
        return state.counters().samples();
    }

    /** The learner's schema. */
    public OnlineSchema schema() {
        return state.shape().schema();
    }

    /** The registered version that was serving, if it was registered. */
    public Optional<ModelRef> servingVersion() {
        return state.champion().version();
    }

    /** The learner's state. */
    LearnerSnapshot state() {
        return state;
    }

    @Override
    public String toString() {
        return "Checkpoint[" + samples() + " samples, " + createdAt + "]";
    }
}
