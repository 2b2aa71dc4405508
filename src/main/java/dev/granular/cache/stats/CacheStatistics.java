package dev.granular.cache.stats;

/**
 * A snapshot of one cache's counters. {@code loads} counts executions of the cached method on a miss;
 * {@code errors} counts cache operations that failed and were skipped (fail-open); {@code refusedStores} counts loads
 * not stored because what they read was invalidated meanwhile; {@code staleReads} counts entries found void.
 */
public record CacheStatistics(
    long hits,
    long misses,
    long puts,
    long removals,
    long loads,
    long errors,
    long refusedStores,
    long staleReads) {}
