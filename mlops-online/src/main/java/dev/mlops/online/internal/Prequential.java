package dev.mlops.online.internal;

/**
 * Prequential accuracy and Cohen's kappa, over everything and over a sliding window of the last
 * {@code window} examples, from confusion counts kept incrementally (no allocation per example).
 * Kappa is (p_o − p_e)/(1 − p_e) with p_e = Σ_k rows_k·columns_k / n² (scikit-learn's
 * {@code cohen_kappa_score}); {@code NaN} when undefined (no examples, or p_e = 1).
 */
public final class Prequential {

    private final int labels;
    private final int window;
    private long seen;
    private long correct;
    private final long[] confusion;
    private final int[] ringActual;
    private final int[] ringPredicted;
    private int position;
    private int filled;
    private long windowCorrect;
    private final long[] windowConfusion;

    /** Empty statistics for {@code labels} labels and a window of {@code window} examples. */
    public Prequential(int labels, int window) {
        this.labels = labels;
        this.window = window;
        this.confusion = new long[labels * labels];
        this.windowConfusion = new long[labels * labels];
        this.ringActual = new int[window];
        this.ringPredicted = new int[window];
    }

    /** Counts one prediction. */
    public void record(int actual, int predicted) {
        seen++;
        confusion[actual * labels + predicted]++;
        if (actual == predicted) {
            correct++;
        }
        if (filled == window) {
            int oldActual = ringActual[position];
            int oldPredicted = ringPredicted[position];
            windowConfusion[oldActual * labels + oldPredicted]--;
            if (oldActual == oldPredicted) {
                windowCorrect--;
            }
        } else {
            filled++;
        }
        ringActual[position] = actual;
        ringPredicted[position] = predicted;
        windowConfusion[actual * labels + predicted]++;
        if (actual == predicted) {
            windowCorrect++;
        }
        position = (position + 1) % window;
    }

    /** The window's length. */
    public int window() {
        return window;
    }

    /** Whether the window holds {@code window} examples. */
    public boolean windowFull() {
        return filled == window;
    }

    /** Correct predictions in the window. */
    public long windowCorrect() {
        return windowCorrect;
    }

    /** Accuracy over everything ({@code NaN} before any example). */
    public double accuracy() {
        return seen == 0 ? Double.NaN : (double) correct / seen;
    }

    /** Accuracy over the window ({@code NaN} before any example). */
    public double windowAccuracy() {
        return filled == 0 ? Double.NaN : (double) windowCorrect / filled;
    }

    /** Kappa over everything. */
    public double kappa() {
        return kappa(confusion, seen);
    }

    /** Kappa over the window. */
    public double windowKappa() {
        return kappa(windowConfusion, filled);
    }

    private double kappa(long[] counts, long n) {
        if (n == 0) {
            return Double.NaN;
        }
        double agree = 0;
        double expected = 0;
        for (int k = 0; k < labels; k++) {
            long row = 0;
            long column = 0;
            for (int j = 0; j < labels; j++) {
                row += counts[k * labels + j];
                column += counts[j * labels + k];
            }
            agree += counts[k * labels + k];
            expected += (double) row * column;
        }
        double po = agree / n;
        double pe = expected / ((double) n * n);
        return pe == 1 ? Double.NaN : (po - pe) / (1 - pe);
    }

    /**
     * Every count and the window's ring as a value. The arrays are copied in and out.
     *
     * @param seen examples counted
     * @param correct of them, predicted right
     * @param confusion counts by actual × labels + predicted
     * @param ringActual the window's actual labels (window slots)
     * @param ringPredicted the window's predicted labels
     * @param position the ring slot the next example goes to
     * @param filled examples in the window
     * @param windowCorrect of them, predicted right
     * @param windowConfusion the window's counts, as {@code confusion}
     */
    public record Snapshot(long seen, long correct, long[] confusion, int[] ringActual, int[] ringPredicted,
            int position, int filled, long windowCorrect, long[] windowConfusion) {

        /** @throws IllegalArgumentException when the ring's position does not fit the ring */
        public Snapshot {
            int window = ringActual.length;
            if (ringPredicted.length != window || position < 0 || position >= window || filled < 0 || filled > window
                    || confusion.length != windowConfusion.length) {
                throw new IllegalArgumentException("a metrics window of " + window + " slots cannot be at " + position
                        + " with " + filled + " filled");
            }
            confusion = confusion.clone();
            ringActual = ringActual.clone();
            ringPredicted = ringPredicted.clone();
            windowConfusion = windowConfusion.clone();
        }

        @Override
        public long[] confusion() {
            return confusion.clone();
        }

        @Override
        public int[] ringActual() {
            return ringActual.clone();
        }

        @Override
        public int[] ringPredicted() {
            return ringPredicted.clone();
        }

        @Override
        public long[] windowConfusion() {
            return windowConfusion.clone();
        }
    }

    /** Every count and the ring, copied. */
    public Snapshot snapshot() {
        return new Snapshot(seen, correct, confusion, ringActual, ringPredicted, position, filled, windowCorrect,
                windowConfusion);
    }

    /**
     * Statistics for these labels and window in the state of a {@link #snapshot()}.
     *
     * @throws IllegalArgumentException when the snapshot does not fit them
     */
    public static Prequential restore(Snapshot snapshot, int labels, int window) {
        Prequential p = new Prequential(labels, window);
        long[] confusion = snapshot.confusion();
        if (confusion.length != p.confusion.length || snapshot.ringActual().length != window) {
            throw new IllegalArgumentException("the metrics do not fit " + labels + " labels and a window of "
                    + window);
        }
        p.seen = snapshot.seen();
        p.correct = snapshot.correct();
        System.arraycopy(confusion, 0, p.confusion, 0, confusion.length);
        System.arraycopy(snapshot.ringActual(), 0, p.ringActual, 0, window);
        System.arraycopy(snapshot.ringPredicted(), 0, p.ringPredicted, 0, window);
        p.position = snapshot.position();
        p.filled = snapshot.filled();
        p.windowCorrect = snapshot.windowCorrect();
        System.arraycopy(snapshot.windowConfusion(), 0, p.windowConfusion, 0, confusion.length);
        return p;
    }
}
