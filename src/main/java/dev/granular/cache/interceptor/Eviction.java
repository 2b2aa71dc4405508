package dev.granular.cache.interceptor;

import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.tx.AfterCommit;

/**
 * Evicts so that a committed write is never followed by the old value, and a rolled-back one costs
 * nothing: inside a JTA transaction the removal runs once it has committed (never on rollback),
 * outside one at once. Until the commit the cached value is still the committed state, so removing
 * it earlier would only cost a miss; a reader that refills it meanwhile is removed by the
 * after-commit removal.
 */
public final class Eviction {

  private Eviction() {}

  public static void evict(String cacheName, CacheCounters counters, Runnable removal) {
    AfterCommit.run(
        () ->
            FailOpen.run(
                cacheName,
                counters,
                () -> {
                  removal.run();
                  counters.removal();
                }));
  }
}
