package dev.granular.cache.stats;

import java.util.concurrent.atomic.LongAdder;

/** The counters of one cache on this instance. Cheap to update from many threads at once. */
public final class CacheCounters {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder tagEvictions = new LongAdder();
  private final LongAdder evictionBatches = new LongAdder();
  private final LongAdder evictionLagNanos = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder staleReads = new LongAdder();
  private final LongAdder lockWaits = new LongAdder();
  private final LongAdder lockWaitNanos = new LongAdder();
  private final LongAdder lockTimeouts = new LongAdder();
  private final LongAdder nearHits = new LongAdder();
  private final LongAdder refreshes = new LongAdder();
  private final boolean enabled;

  /** Counters that count, or ignore every event when statistics are off for the cache. */
  public CacheCounters(boolean enabled) {
    this.enabled = enabled;
  }

  public void hit() {
    if (enabled) {
      hits.increment();
    }
  }

  public void miss() {
    if (enabled) {
      misses.increment();
    }
  }

  public void put() {
    if (enabled) {
      puts.increment();
    }
  }

  public void removal() {
    if (enabled) {
      removals.increment();
    }
  }

  /** The method ran because the cache did not answer, for {@code nanos}. */
  public void load(long nanos) {
    if (enabled) {
      loads.increment();
      loadNanos.add(nanos);
    }
  }

  /**
   * {@code entries} were deleted because a tag they depend on was invalidated, {@code lagNanos}
   * after the commit.
   */
  public void tagEvicted(long entries, long lagNanos) {
    if (enabled && entries > 0) {
      tagEvictions.add(entries);
      evictionBatches.increment();
      evictionLagNanos.add(lagNanos);
    }
  }

  /** Redis failed during a cache operation; the call went on without the cache. */
  public void error() {
    if (enabled) {
      errors.increment();
    }
  }

  /** A load was not stored: something it depends on was invalidated while it ran. */
  public void refused() {
    if (enabled) {
      refused.increment();
    }
  }

  /** An entry was found but one of its tags had been invalidated: it counts as a miss too. */
  public void staleRead() {
    if (enabled) {
      staleReads.increment();
    }
  }

  /** A miss waited for the refill lock (any wait above a millisecond counts as one). */
  public void lockWaited(long nanos) {
    if (enabled) {
      lockWaitNanos.add(nanos);
      if (nanos > 1_000_000) {
        lockWaits.increment();
      }
    }
  }

  /** A miss gave up waiting for the refill lock and loaded without storing. */
  public void lockTimeout() {
    if (enabled) {
      lockTimeouts.increment();
    }
  }

  /** A hit served from the in-process near cache, without Redis; it counts as a hit too. */
  public void nearHit() {
    if (enabled) {
      nearHits.increment();
    }
  }

  /** A hit reloaded its entry ahead of its expiry; the hit and the load count as such too. */
  public void refreshed() {
    if (enabled) {
      refreshes.increment();
    }
  }

  public CacheStatistics snapshot() {
    return new CacheStatistics(
        hits.sum(),
        misses.sum(),
        puts.sum(),
        removals.sum(),
        tagEvictions.sum(),
        evictionBatches.sum(),
        evictionLagNanos.sum() / 1_000_000,
        loads.sum(),
        loadNanos.sum() / 1_000_000,
        errors.sum(),
        refused.sum(),
        staleReads.sum(),
        lockWaits.sum(),
        lockWaitNanos.sum() / 1_000_000,
        lockTimeouts.sum(),
        nearHits.sum(),
        refreshes.sum());
  }
}
