package dev.granular.cache.stats;

/**
 * A snapshot of one cache's counters. {@code loads} counts executions of the cached method on a miss;
 * {@code errors} counts cache operations that failed and were skipped (fail-open); {@code refusedStores} counts loads
 * not stored because what they read was invalidated meanwhile (or their refill lock lapsed); {@code staleReads}
 * counts entries found void; {@code lockWaits}, {@code lockWaitMillis} and {@code lockTimeouts} describe waits for
 * another caller's load.
 */
public record CacheStatistics(
    long hits,
    long misses,
    long puts,
    long removals,
    long loads,
    long errors,
    long refusedStores,
    long staleReads,
    long lockWaits,
    long lockWaitMillis,
    long lockTimeouts) {}
