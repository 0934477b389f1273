package dev.mlops.online.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Predictions served under a key, waiting for their label: bounded in number and age, lock-free.
 * An entry leaves when its label arrives, when it is older than the expiry, or, oldest first,
 * when there are more than the limit (each counted as expired). A key predicted again replaces its
 * earlier entry.
 */
public final class PendingPredictions {

    /**
     * One served prediction; its arrays are the row's own, never changed after the prediction.
     *
     * @param key the caller's key
     * @param numeric the row's numeric values
     * @param categorical the row's categorical values
     * @param predicted the label index served
     * @param timeMillis when it was served
     */
    public record Entry(String key, double[] numeric, String[] categorical, int predicted, long timeMillis) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();
    private final int limit;
    private final long expiryMillis;
    private final AtomicLong expired = new AtomicLong();

    /** At most {@code limit} entries, each kept at most {@code expiryMillis}. */
    public PendingPredictions(int limit, long expiryMillis) {
        this.limit = limit;
        this.expiryMillis = expiryMillis;
    }

    /** Remembers a served prediction. */
    public void put(Entry entry, long nowMillis) {
        entries.put(entry.key(), entry);
        order.add(entry);
        evict(nowMillis);
    }

    /** The entry of a key, removed, unless it is unknown or expired. */
    public Optional<Entry> take(String key, long nowMillis) {
        Entry entry = entries.remove(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (nowMillis - entry.timeMillis() > expiryMillis) {
            expired.incrementAndGet();
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    private void evict(long nowMillis) {
        Entry head;
        while ((head = order.peek()) != null) {
            boolean current = entries.get(head.key()) == head;
            if (current && nowMillis - head.timeMillis() <= expiryMillis && entries.size() <= limit) {
                return;
            }
            if (order.remove(head) && current && entries.remove(head.key(), head)) {
                expired.incrementAndGet();
            }
        }
    }

    /** Entries dropped before their label came. */
    public long expired() {
        return expired.get();
    }

    /**
     * Forgets the waiting entries (they are not counted as expired) and waits for these instead,
     * oldest first, as if they were put at {@code nowMillis}.
     */
    public void restore(List<Entry> waiting, long nowMillis) {
        entries.clear();
        order.clear();
        waiting.forEach(entry -> put(entry, nowMillis));
    }

    /** The waiting entries, oldest first (a moment's view). */
    public List<Entry> entries() {
        List<Entry> waiting = new ArrayList<>();
        for (Entry entry : order) {
            if (entries.get(entry.key()) == entry) {
                waiting.add(entry);
            }
        }
        return waiting;
    }
}
