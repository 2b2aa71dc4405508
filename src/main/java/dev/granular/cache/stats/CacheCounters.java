package dev.granular.cache.stats;

import java.util.concurrent.atomic.LongAdder;

/** The counters of one cache on this instance. Cheap to update from many threads at once. */
public final class CacheCounters {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder errors = new LongAdder();

  public void hit() {
    hits.increment();
  }

  public void miss() {
    misses.increment();
  }

  public void put() {
    puts.increment();
  }

  public void removal() {
    removals.increment();
  }

  /** The method ran because the cache did not answer. */
  public void load() {
    loads.increment();
  }

  /** Redis failed during a cache operation; the call went on without the cache. */
  public void error() {
    errors.increment();
  }

  public CacheStatistics snapshot() {
    return new CacheStatistics(
        hits.sum(), misses.sum(), puts.sum(), removals.sum(), loads.sum(), errors.sum());
  }
}
