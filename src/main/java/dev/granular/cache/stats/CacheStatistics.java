package dev.granular.cache.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one cache's counters. {@code loads} counts executions of the cached method on a
 * miss and {@code loadMillis} the time they took; {@code removals} counts entries removed by
 * {@code @CacheRemove}, {@code @CacheRemoveAll} or the admin API; {@code tagEvictions} counts
 * entries deleted because a tag they depend on was invalidated, and {@code evictionLagMillis} the
 * summed time from the writer's commit to those deletions (one sample per tag and cache, {@code
 * evictionBatches}); {@code errors} counts cache operations that failed and were skipped
 * (fail-open); {@code refusedStores} counts loads not stored because what they read was invalidated
 * meanwhile (or their refill lock lapsed); {@code staleReads} counts entries found void; {@code
 * lockWaits}, {@code lockWaitMillis} and {@code lockTimeouts} describe waits for another caller's
 * load; {@code nearHits} counts the hits (included in {@code hits}) served from the in-process near
 * cache without asking Redis; {@code refreshes} counts the hits that reloaded their entry ahead of
 * its expiry ({@code cache.<name>.refresh-ahead}; each is in {@code hits} and its load in {@code
 * loads}).
 */
public record CacheStatistics(
    long hits,
    long misses,
    long puts,
    long removals,
    long tagEvictions,
    long evictionBatches,
    long evictionLagMillis,
    long loads,
    long loadMillis,
    long errors,
    long refusedStores,
    long staleReads,
    long lockWaits,
    long lockWaitMillis,
    long lockTimeouts,
    long nearHits,
    long refreshes) {

  /** The counter names, in the order of the components. */
  public static final List<String> COUNTERS =
      List.of(
          "hits",
          "misses",
          "puts",
          "removals",
          "tagEvictions",
          "evictionBatches",
          "evictionLagMillis",
          "loads",
          "loadMillis",
          "errors",
          "refusedStores",
          "staleReads",
          "lockWaits",
          "lockWaitMillis",
          "lockTimeouts",
          "nearHits",
          "refreshes");

  public static final CacheStatistics ZERO = of(Map.of());

  /** The counters by name, in {@link #COUNTERS} order. */
  public Map<String, Long> counters() {
    long[] values = values();
    Map<String, Long> result = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      result.put(COUNTERS.get(i), values[i]);
    }
    return result;
  }

  /** Statistics from counters by name; missing counters are zero, unknown ones ignored. */
  public static CacheStatistics of(Map<String, Long> counters) {
    long[] v = new long[COUNTERS.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = counters.getOrDefault(COUNTERS.get(i), 0L);
    }
    return ofValues(v);
  }

  /** Hits over hits and misses, or 0 when there were none. */
  public double hitRate() {
    long lookups = hits + misses;
    return lookups == 0 ? 0 : (double) hits / lookups;
  }

  /** Mean time of a load in milliseconds, or 0. */
  public double meanLoadMillis() {
    return loads == 0 ? 0 : (double) loadMillis / loads;
  }

  /** Mean time from a writer's commit to the deletion of the entries it voided, or 0. */
  public double meanEvictionLagMillis() {
    return evictionBatches == 0 ? 0 : (double) evictionLagMillis / evictionBatches;
  }

  public CacheStatistics plus(CacheStatistics other) {
    long[] a = values();
    long[] b = other.values();
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return ofValues(a);
  }

  public CacheStatistics minus(CacheStatistics other) {
    long[] a = values();
    long[] b = other.values();
    for (int i = 0; i < a.length; i++) {
      a[i] -= b[i];
    }
    return ofValues(a);
  }

  public boolean isZero() {
    for (long value : values()) {
      if (value != 0) {
        return false;
      }
    }
    return true;
  }

  private long[] values() {
    return new long[] {
      hits,
      misses,
      puts,
      removals,
      tagEvictions,
      evictionBatches,
      evictionLagMillis,
      loads,
      loadMillis,
      errors,
      refusedStores,
      staleReads,
      lockWaits,
      lockWaitMillis,
      lockTimeouts,
      nearHits,
      refreshes
    };
  }

  private static CacheStatistics ofValues(long[] v) {
    return new CacheStatistics(
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13],
        v[14], v[15], v[16]);
  }
}
