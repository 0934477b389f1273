package dev.mlops.registry.fs;

import java.util.List;
import java.util.function.ToLongFunction;

/** Binary search over lists kept in strictly increasing order of a key (versions, audit sequence numbers). */
final class Sorted {

    private Sorted() {
    }

    /** The index of the first element whose key is above {@code bound}, or the list's size when none is. */
    static <T> int firstAbove(List<T> list, ToLongFunction<T> key, long bound) {
        int low = 0;
        int high = list.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (key.applyAsLong(list.get(mid)) <= bound) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
