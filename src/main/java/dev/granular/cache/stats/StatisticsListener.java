package dev.granular.cache.stats;

/**
 * Told every reporting interval how one cache's counters changed on this instance since the last
 * call; a bridge to a metrics system implements it as a CDI bean.
 */
public interface StatisticsListener {

  void changed(String cacheName, CacheStatistics change);
}
