package dev.granular.cache.metrics;

import dev.granular.cache.stats.CacheStatistics;
import dev.granular.cache.stats.InvalidationCounters;
import dev.granular.cache.stats.InvalidationStatistics;
import dev.granular.cache.stats.StatisticsListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes the cache counters as MicroProfile Metrics: one counter per statistic and cache, named
 * {@code cache.<statistic>} with the tag {@code cache=<name>} (Prometheus: {@code
 * cache_hits_total{cache="products"}}), brought up to date at each statistics report (every {@code
 * cache.stats.report-interval}); and gauges for the invalidation lag on this instance ({@code
 * cache_invalidation_lag_p99_micros}).
 */
@ApplicationScoped
public class CacheMetrics implements StatisticsListener {

  @Inject Instance<MetricRegistry> registries;
  @Inject InvalidationCounters invalidations;

  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private MetricRegistry registry;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    if (!registries.isResolvable()) {
      return; // no MicroProfile Metrics on this platform: the statistics endpoint still has every
      // number
    }
    registry = registries.get();
    gauge(
        "cache.invalidations",
        "Tag invalidations made by this instance",
        InvalidationStatistics::invalidations);
    gauge(
        "cache.invalidation.failures",
        "Invalidations that could not reach Redis",
        InvalidationStatistics::failures);
    gauge(
        "cache.invalidation.lag.p50.micros",
        "Median commit-to-invalidation lag",
        InvalidationStatistics::lagP50Micros);
    gauge(
        "cache.invalidation.lag.p99.micros",
        "99th percentile commit-to-invalidation lag",
        InvalidationStatistics::lagP99Micros);
    gauge(
        "cache.invalidation.lag.max.micros",
        "Longest commit-to-invalidation lag",
        InvalidationStatistics::lagMaxMicros);
  }

  @Override
  public void changed(String cacheName, CacheStatistics change) {
    if (registry == null) {
      return;
    }
    change
        .counters()
        .forEach(
            (statistic, delta) -> {
              if (delta > 0) {
                counter(cacheName, statistic).inc(delta);
              }
            });
  }

  private Counter counter(String cacheName, String statistic) {
    return counters.computeIfAbsent(
        cacheName + '\u0000' + statistic,
        k ->
            registry.counter(
                Metadata.builder()
                    .withName(metricName(statistic))
                    .withDescription("Cache " + statistic + " on this instance")
                    .build(),
                new Tag("cache", cacheName)));
  }

  private void gauge(
      String name, String description, ToLongFunction<InvalidationStatistics> value) {
    registry.gauge(
        Metadata.builder().withName(name).withDescription(description).build(),
        () -> value.applyAsLong(invalidations.snapshot()));
  }

  /** {@code lockWaitMillis} becomes {@code cache.lock.wait.millis}. */
  static String metricName(String statistic) {
    StringBuilder name = new StringBuilder("cache.");
    for (char c : statistic.toCharArray()) {
      if (Character.isUpperCase(c)) {
        name.append('.').append(Character.toLowerCase(c));
      } else {
        name.append(c);
      }
    }
    return name.toString();
  }
}
