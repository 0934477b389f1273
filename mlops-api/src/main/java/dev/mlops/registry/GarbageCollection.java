package dev.mlops.registry;

import java.util.List;

/**
 * What {@link ModelRegistry#collectGarbage} did.
 *
 * @param artifacts the artifacts stored when it began
 * @param removed the digests of the bytes it removed: no version referenced them
 * @param kept the digests no version referenced but stored within the grace period, which a
 *     registration in progress may be using
 */
public record GarbageCollection(int artifacts, List<String> removed, List<String> kept) {

    public GarbageCollection {
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
    }
}
