package dev.granular.cache.interceptor;

import dev.granular.cache.stats.CacheCounters;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a cache operation so that a failing Redis never fails the call: the error is counted and
 * logged, and the call goes on as if the cache were empty.
 */
final class FailOpen {

  private static final Logger LOG = Logger.getLogger(FailOpen.class.getName());

  private FailOpen() {}

  static <T> T get(String cacheName, CacheCounters counters, Supplier<T> operation) {
    try {
      return operation.get();
    } catch (RuntimeException e) {
      failed(cacheName, counters, e);
      return null;
    }
  }

  static void run(String cacheName, CacheCounters counters, Runnable operation) {
    try {
      operation.run();
    } catch (RuntimeException e) {
      failed(cacheName, counters, e);
    }
  }

  private static void failed(String cacheName, CacheCounters counters, RuntimeException e) {
    counters.error();
    LOG.log(Level.WARNING, "Cache " + cacheName + " unavailable, continuing without it: " + e, e);
  }
}
