package dev.granular.cache.stats;

/**
 * A snapshot of one cache's counters. {@code loads} counts executions of the cached method on a miss;
 * {@code errors} counts cache operations that failed and were skipped (fail-open).
 */
public record CacheStatistics(
    long hits, long misses, long puts, long removals, long loads, long errors) {}
