package dev.granular.cache.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CacheMetricsTest {

  @Test
  void statisticNamesBecomeDottedMetricNames() {
    assertEquals("cache.hits", CacheMetrics.metricName("hits"));
    assertEquals("cache.lock.wait.millis", CacheMetrics.metricName("lockWaitMillis"));
    assertEquals("cache.refused.stores", CacheMetrics.metricName("refusedStores"));
  }
}
