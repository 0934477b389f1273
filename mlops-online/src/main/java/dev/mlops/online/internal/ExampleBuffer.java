package dev.mlops.online.internal;

import dev.mlops.online.BufferPolicy;
import java.util.Arrays;

/**
 * The bounded store of recent labelled examples, in primitive arrays (a ring for sliding windows,
 * fixed slots for a reservoir). Each example carries its sample number (1-based arrival order)
 * and time. Adding allocates nothing. One writer thread.
 */
public final class ExampleBuffer {

    private final BufferPolicy policy;
    private final int capacity;
    private final int numericCount;
    private final int categoricalCount;
    private final long maxAgeMillis;
    private final double[] numeric;
    private final String[] categorical;
    private final int[] labels;
    private final long[] times;
    private final long[] samples;
    private int head;
    private int size;
    private long seen;
    private SplitMix64 random;

    /** An empty buffer for rows of these sizes. */
    public ExampleBuffer(BufferPolicy policy, int numericCount, int categoricalCount) {
        this.policy = policy;
        this.capacity = policy.capacity();
        this.numericCount = numericCount;
        this.categoricalCount = categoricalCount;
        this.maxAgeMillis = policy.maxAge().map(java.time.Duration::toMillis).orElse(Long.MAX_VALUE);
        this.numeric = new double[Math.multiplyExact(capacity, numericCount)];
        this.categorical = new String[Math.multiplyExact(capacity, categoricalCount)];
        this.labels = new int[capacity];
        this.times = new long[capacity];
        this.samples = new long[capacity];
        this.random = new SplitMix64(policy.seed());
    }

    /** Examples kept. */
    public int size() {
        return size;
    }

    /** The most examples kept. */
    public int capacity() {
        return capacity;
    }

    /** Keeps an example as the policy says. */
    public void add(double[] x, String[] c, int label, long timeMillis, long sample) {
        seen++;
        int slot;
        switch (policy.kind()) {
            case SLIDING_TIME:
                expire(timeMillis);
                // fall through: then a count-bounded ring
            case SLIDING:
                if (size < capacity) {
                    slot = (head + size) % capacity;
                    size++;
                } else {
                    slot = head;
                    head = (head + 1) % capacity;
                }
                break;
            default:
                if (size < capacity) {
                    slot = size++;
                } else {
                    long j = random.nextLong(seen);
                    if (j >= capacity) {
                        return;
                    }
                    slot = (int) j;
                }
        }
        System.arraycopy(x, 0, numeric, slot * numericCount, numericCount);
        System.arraycopy(c, 0, categorical, slot * categoricalCount, categoricalCount);
        labels[slot] = label;
        times[slot] = timeMillis;
        samples[slot] = sample;
    }

    /** Drops examples older than the maximum age at {@code nowMillis} (time windows only). */
    public void expire(long nowMillis) {
        if (policy.kind() != BufferPolicy.Kind.SLIDING_TIME) {
            return;
        }
        while (size > 0 && nowMillis - times[head] > maxAgeMillis) {
            categoricalClear(head);
            head = (head + 1) % capacity;
            size--;
        }
    }

    private void categoricalClear(int slot) {
        Arrays.fill(categorical, slot * categoricalCount, (slot + 1) * categoricalCount, null);
    }

    /** The slots of the kept examples with sample number ≥ {@code fromSample}, in arrival order. */
    public int[] slotsFrom(long fromSample) {
        int[] slots = new int[size];
        int n = 0;
        if (policy.kind() == BufferPolicy.Kind.RESERVOIR) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(samples[a], samples[b]));
            for (Integer slot : order) {
                if (samples[slot] >= fromSample) {
                    slots[n++] = slot;
                }
            }
        } else {
            for (int i = 0; i < size; i++) {
                int slot = (head + i) % capacity;
                if (samples[slot] >= fromSample) {
                    slots[n++] = slot;
                }
            }
        }
        return Arrays.copyOf(slots, n);
    }

    /** Copies a slot's numeric values. */
    public void numeric(int slot, double[] into) {
        System.arraycopy(numeric, slot * numericCount, into, 0, numericCount);
    }

    /** Copies a slot's categorical values. */
    public void categorical(int slot, String[] into) {
        System.arraycopy(categorical, slot * categoricalCount, into, 0, categoricalCount);
    }

    /** A slot's label index. */
    public int label(int slot) {
        return labels[slot];
    }

    /** A slot's time, in milliseconds since the epoch. */
    public long time(int slot) {
        return times[slot];
    }

    /** A slot's sample number. */
    public long sample(int slot) {
        return samples[slot];
    }

    /**
     * The buffer's contents and position as a value: the ring's start, the examples kept and ever
     * offered, the reservoir's random state, and per slot (capacity slots) the values, label, time
     * and sample number. The arrays are copied in and out.
     *
     * @param head the slot of the oldest example (sliding windows)
     * @param size examples kept
     * @param seen examples ever offered
     * @param randomState the reservoir's generator state
     * @param numeric numeric values, slot by slot
     * @param categorical categorical values, slot by slot ({@code null} in empty slots)
     * @param labels label indices per slot
     * @param times times per slot, in ms since the epoch
     * @param samples sample numbers per slot
     */
    public record Snapshot(int head, int size, long seen, long randomState, double[] numeric, String[] categorical,
            int[] labels, long[] times, long[] samples) {

        /** @throws IllegalArgumentException when the position or the arrays do not fit one another */
        public Snapshot {
            int capacity = labels.length;
            if (times.length != capacity || samples.length != capacity || head < 0 || head >= capacity || size < 0
                    || size > capacity || seen < size) {
                throw new IllegalArgumentException("a buffer of " + capacity + " slots cannot start at " + head
                        + " and hold " + size + " of " + seen + " examples");
            }
            numeric = numeric.clone();
            categorical = categorical.clone();
            labels = labels.clone();
            times = times.clone();
            samples = samples.clone();
        }

        @Override
        public double[] numeric() {
            return numeric.clone();
        }

        @Override
        public String[] categorical() {
            return categorical.clone();
        }

        @Override
        public int[] labels() {
            return labels.clone();
        }

        @Override
        public long[] times() {
            return times.clone();
        }

        @Override
        public long[] samples() {
            return samples.clone();
        }
    }

    /** The contents and position, copied. */
    public Snapshot snapshot() {
        return new Snapshot(head, size, seen, random.state(), numeric, categorical, labels, times, samples);
    }

    /**
     * A buffer of this policy and these row sizes in the state of a {@link #snapshot()}.
     *
     * @throws IllegalArgumentException when the snapshot does not fit them
     */
    public static ExampleBuffer restore(Snapshot snapshot, BufferPolicy policy, int numericCount,
            int categoricalCount) {
        ExampleBuffer buffer = new ExampleBuffer(policy, numericCount, categoricalCount);
        double[] numeric = snapshot.numeric();
        String[] categorical = snapshot.categorical();
        if (snapshot.labels().length != buffer.capacity || numeric.length != buffer.numeric.length
                || categorical.length != buffer.categorical.length) {
            throw new IllegalArgumentException("the buffer's contents do not fit a " + policy.describe()
                    + " buffer of " + numericCount + " numeric and " + categoricalCount + " categorical columns");
        }
        System.arraycopy(numeric, 0, buffer.numeric, 0, numeric.length);
        System.arraycopy(categorical, 0, buffer.categorical, 0, categorical.length);
        System.arraycopy(snapshot.labels(), 0, buffer.labels, 0, buffer.capacity);
        System.arraycopy(snapshot.times(), 0, buffer.times, 0, buffer.capacity);
        System.arraycopy(snapshot.samples(), 0, buffer.samples, 0, buffer.capacity);
        buffer.head = snapshot.head();
        buffer.size = snapshot.size();
        buffer.seen = snapshot.seen();
        buffer.random = new SplitMix64(snapshot.randomState());
        return buffer;
    }
}
