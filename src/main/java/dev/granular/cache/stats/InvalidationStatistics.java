package dev.granular.cache.stats;

/**
 * Tag invalidations on one instance: how many, how many tags, how many failed, and their lag from
 * commit to the new versions being visible in Redis (sum in milliseconds; median, 99th percentile
 * of the last 1,024, and maximum in microseconds).
 */
public record InvalidationStatistics(
    long invalidations,
    long tags,
    long failures,
    long lagMillis,
    long lagP50Micros,
    long lagP99Micros,
    long lagMaxMicros) {}
