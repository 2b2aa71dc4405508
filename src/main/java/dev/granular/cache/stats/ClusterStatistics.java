package dev.granular.cache.stats;

import java.util.Map;

/**
 * The counters of every instance added up in Redis: {@code instances} that reported within the last
 * three intervals, per-cache totals, and the invalidation totals ({@code invalidations}, {@code
 * tags}, {@code failures}, {@code lagMillis}). {@code reportedAt} is the epoch millisecond of the
 * reading.
 */
public record ClusterStatistics(
    long reportedAt,
    int instances,
    Map<String, CacheStatistics> caches,
    Map<String, Long> invalidations) {

  public static ClusterStatistics empty() {
    return new ClusterStatistics(System.currentTimeMillis(), 0, Map.of(), Map.of());
  }
}
