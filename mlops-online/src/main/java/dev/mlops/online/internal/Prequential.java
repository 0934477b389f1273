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

    /** Examples counted. */
    public long seen() {
        return seen;
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

    /** Writes every count and the window's ring. */
    public void write(BinaryOut out) {
        out.i64(seen).i64(correct).longs(confusion).ints(ringActual).ints(ringPredicted).i32(position).i32(filled)
                .i64(windowCorrect).longs(windowConfusion);
    }

    /**
     * Reads what {@link #write} wrote for the same labels and window.
     *
     * @throws IllegalArgumentException when it does not fit
     */
    public static Prequential read(BinaryIn in, int labels, int window) {
        Prequential p = new Prequential(labels, window);
        p.seen = in.i64();
        p.correct = in.i64();
        long[] confusion = in.longs(labels * labels, "confusion counts");
        int[] actual = in.ints();
        int[] predicted = in.ints();
        p.position = in.i32();
        p.filled = in.i32();
        p.windowCorrect = in.i64();
        long[] windowConfusion = in.longs(labels * labels, "window confusion counts");
        if (actual.length != window || predicted.length != window || p.position < 0 || p.position >= window
                || p.filled < 0 || p.filled > window) {
            throw in.fail("its metrics window does not fit a window of " + window);
        }
        System.arraycopy(confusion, 0, p.confusion, 0, confusion.length);
        System.arraycopy(actual, 0, p.ringActual, 0, window);
        System.arraycopy(predicted, 0, p.ringPredicted, 0, window);
        System.arraycopy(windowConfusion, 0, p.windowConfusion, 0, windowConfusion.length);
        return p;
    }
}
