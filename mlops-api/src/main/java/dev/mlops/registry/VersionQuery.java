package dev.mlops.registry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A typed search over versions of all models. Every condition given must hold. Results are
 * ordered by creation time, then model name, then version number (newest first by default); that
 * order is total, so pages never skip or repeat a version.
 *
 * @param name only versions of this model; empty for all models
 * @param stages only versions in one of these stages; empty for all stages
 * @param tags only versions carrying every one of these tags with exactly this value
 * @param metrics only versions whose metrics lie in every one of these ranges
 * @param createdFrom only versions created at or after this time
 * @param createdBefore only versions created before this time
 * @param newestFirst order newest first (default) or oldest first
 * @param pageSize results per page, 1 to {@value #MAX_PAGE_SIZE}
 * @param pageToken the {@link Page#nextPageToken()} of the previous page, or empty for the first
 */
public record VersionQuery(
        String name,
        Set<Stage> stages,
        Map<String, String> tags,
        List<MetricRange> metrics,
        Instant createdFrom,
        Instant createdBefore,
        boolean newestFirst,
        int pageSize,
        String pageToken) {

    /** Largest page size. */
    public static final int MAX_PAGE_SIZE = 1000;

    public VersionQuery {
        Objects.requireNonNull(name, "name");
        if (!name.isEmpty()) {
            ModelNames.requireValid(name);
        }
        stages = stages.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(stages));
        tags = Map.copyOf(tags);
        metrics = List.copyOf(metrics);
        Objects.requireNonNull(createdFrom, "createdFrom");
        Objects.requireNonNull(createdBefore, "createdBefore");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be between 1 and " + MAX_PAGE_SIZE
                    + ", got " + pageSize);
        }
        Objects.requireNonNull(pageToken, "pageToken");
        if (!pageToken.isEmpty()) {
            PageToken.decode(pageToken);
        }
    }

    /** Starts a query that matches every version. */
    public static Builder builder() {
        return new Builder();
    }

    /** The decoded page token; only valid when {@link #pageToken()} is not empty. */
    public PageToken after() {
        return PageToken.decode(pageToken);
    }

    /** Whether a version satisfies every condition except the page position. */
    public boolean matches(ModelVersion v) {
        if (!name.isEmpty() && !name.equals(v.name())) {
            return false;
        }
        if (!stages.isEmpty() && !stages.contains(v.stage())) {
            return false;
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (!tag.getValue().equals(v.tags().get(tag.getKey()))) {
                return false;
            }
        }
        for (MetricRange range : metrics) {
            if (!range.contains(v.metrics().get(range.metric()))) {
                return false;
            }
        }
        return !v.createdAt().isBefore(createdFrom) && v.createdAt().isBefore(createdBefore);
    }

    /**
     * An inclusive range of one metric. Versions without the metric never match.
     *
     * @param metric the metric name
     * @param min smallest accepted value (may be negative infinity)
     * @param max largest accepted value (may be positive infinity)
     */
    public record MetricRange(String metric, double min, double max) {

        public MetricRange {
            Objects.requireNonNull(metric, "metric");
            if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
                throw new IllegalArgumentException("metric range for '" + metric
                        + "' is empty or not a number: [" + min + ", " + max + "]");
            }
        }

        /** Whether a metric value (null when absent) lies in the range. */
        public boolean contains(Double value) {
            return value != null && value >= min && value <= max;
        }
    }

    /**
     * The position after the last item of a page: its creation time, model name and version. Pages
     * continue strictly after (or, oldest first, strictly before) it in the total order.
     *
     * @param createdAt creation time of the last item
     * @param name model name of the last item
     * @param version version of the last item
     */
    public record PageToken(Instant createdAt, String name, int version) {

        /** Encodes the position as an opaque, URL-safe token. */
        public String encode() {
            String plain = createdAt.toEpochMilli() + ":" + version + ":" + name;
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Decodes a token made by {@link #encode()}.
         *
         * @throws IllegalArgumentException when the token is not one
         */
        public static PageToken decode(String token) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(token),
                        StandardCharsets.UTF_8);
                String[] parts = plain.split(":", 3);
                return new PageToken(Instant.ofEpochMilli(Long.parseLong(parts[0])),
                        ModelNames.requireValid(parts[2]), Integer.parseInt(parts[1]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("malformed page token '" + token + "'", e);
            }
        }

        /** The token positioned at a version. */
        public static PageToken of(ModelVersion v) {
            return new PageToken(v.createdAt(), v.name(), v.version());
        }

        /**
         * Compares a version's position with this one in oldest-first order: negative when the
         * version comes before the token, positive when after.
         */
        public int compareTo(ModelVersion v) {
            int c = v.createdAt().compareTo(createdAt);
            if (c == 0) {
                c = v.name().compareTo(name);
            }
            if (c == 0) {
                c = Integer.compare(v.version(), version);
            }
            return c;
        }
    }

    /** The total order of search results, oldest first. */
    public static final Comparator<ModelVersion> OLDEST_FIRST =
            Comparator.comparing(ModelVersion::createdAt)
                    .thenComparing(ModelVersion::name)
                    .thenComparingInt(ModelVersion::version);

    /** Builds a {@link VersionQuery}. */
    public static final class Builder {
        private String name = "";
        private final Set<Stage> stages = EnumSet.noneOf(Stage.class);
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final List<MetricRange> metrics = new ArrayList<>();
        private Instant createdFrom = Instant.EPOCH;
        private Instant createdBefore = Instant.parse("9999-12-31T23:59:59Z");
        private boolean newestFirst = true;
        private int pageSize = 100;
        private String pageToken = "";

        private Builder() {
        }

        /** Only versions of this model. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Only versions in one of these stages (may be called several times). */
        public Builder stage(Stage... stages) {
            this.stages.addAll(List.of(stages));
            return this;
        }

        /** Only versions with this tag value. */
        public Builder tag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Only versions whose metric lies in {@code [min, max]}. */
        public Builder metric(String metric, double min, double max) {
            metrics.add(new MetricRange(metric, min, max));
            return this;
        }

        /** Only versions created at or after {@code from} and before {@code before}. */
        public Builder createdBetween(Instant from, Instant before) {
            this.createdFrom = Objects.requireNonNull(from, "from");
            this.createdBefore = Objects.requireNonNull(before, "before");
            return this;
        }

        /** Oldest first instead of newest first. */
        public Builder oldestFirst() {
            this.newestFirst = false;
            return this;
        }

        /** Results per page. */
        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        /** Continue after a previous page. */
        public Builder pageToken(String pageToken) {
            this.pageToken = Objects.requireNonNull(pageToken, "pageToken");
            return this;
        }

        /** The query. */
        public VersionQuery build() {
            return new VersionQuery(name, stages, tags, metrics, createdFrom, createdBefore,
                    newestFirst, pageSize, pageToken);
        }
    }
}
