package io.berth.image.manifest;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Defensive copies for the records here. Maps and sets are kept sorted so that equal values
 * print, compare and serialise the same (Go's encoding/json also writes map keys sorted).
 */
final class ImmutableCopies {
    private ImmutableCopies() {}

    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    static SortedMap<String, String> sortedMap(Map<String, String> values) {
        return values == null ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(values)));
    }

    static SortedSet<String> sortedSet(Collection<String> values) {
        return values == null ? Collections.emptySortedSet()
                : Collections.unmodifiableSortedSet(new TreeSet<>(Set.copyOf(values)));
    }
}
