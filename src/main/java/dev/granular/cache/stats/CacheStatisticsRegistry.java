package dev.granular.cache.stats;

import dev.granular.cache.config.CacheSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The counters of every cache this instance has used, by cache name. */
@ApplicationScoped
public class CacheStatisticsRegistry {

  private final Map<String, CacheCounters> counters = new ConcurrentHashMap<>();

  public CacheCounters of(String cacheName) {
    return counters.computeIfAbsent(
        cacheName, n -> new CacheCounters(CacheSettings.of(n).statistics()));
  }

  /** Every cache's snapshot, sorted by name. */
  public Map<String, CacheStatistics> snapshot() {
    Map<String, CacheStatistics> result = new TreeMap<>();
    counters.forEach((name, c) -> result.put(name, c.snapshot()));
    return result;
  }
}
