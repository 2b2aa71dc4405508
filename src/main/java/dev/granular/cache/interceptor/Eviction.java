package dev.granular.cache.interceptor;

import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.tx.AfterCommit;

/**
 * Evicts so that a committed write is never followed by the old value: at once, and, when a JTA transaction is
 * active, again after it commits. The first removal shortens the window; the second removes whatever a concurrent
 * reader stored from the not yet committed state.
 */
public final class Eviction {

  private Eviction() {}

  public static void evict(String cacheName, CacheCounters counters, Runnable removal) {
    Runnable counted =
        () -> {
          removal.run();
          counters.removal();
        };
    FailOpen.run(cacheName, counters, counted);
    if (AfterCommit.inTransaction()) {
      AfterCommit.run(() -> FailOpen.run(cacheName, counters, counted));
    }
  }
}
