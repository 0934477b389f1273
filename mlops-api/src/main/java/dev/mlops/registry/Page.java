package dev.mlops.registry;

import java.util.List;
import java.util.Objects;

/**
 * One page of results.
 *
 * @param items the results on this page, in query order
 * @param nextPageToken pass to the next query to continue; empty on the last page
 */
public record Page<T>(List<T> items, String nextPageToken) {

    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(nextPageToken, "nextPageToken");
    }

    /** Whether more results follow. */
    public boolean hasNext() {
        return !nextPageToken.isEmpty();
    }
}
