package dev.granular.cache.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheStatisticsTest {

  @Test
  void countersRoundTripByName() {
    CacheStatistics statistics =
        CacheStatistics.of(Map.of("hits", 3L, "lockTimeouts", 2L, "unknown", 9L));
    assertEquals(3, statistics.hits());
    assertEquals(2, statistics.lockTimeouts());
    assertEquals(CacheStatistics.COUNTERS, statistics.counters().keySet().stream().toList());
    assertEquals(statistics, CacheStatistics.of(statistics.counters()));
  }

  @Test
  void changesAddUpToTheTotal() {
    CacheStatistics earlier =
        CacheStatistics.of(Map.of("hits", 5L, "misses", 1L, "loadMillis", 40L));
    CacheStatistics later = CacheStatistics.of(Map.of("hits", 9L, "misses", 3L, "loadMillis", 70L));
    CacheStatistics change = later.minus(earlier);
    assertEquals(CacheStatistics.of(Map.of("hits", 4L, "misses", 2L, "loadMillis", 30L)), change);
    assertEquals(later, earlier.plus(change));
    assertTrue(later.minus(later).isZero());
    assertFalse(change.isZero());
  }

  @Test
  void ratesAreZeroWithoutEvents() {
    assertEquals(0, CacheStatistics.ZERO.hitRate());
    assertEquals(0, CacheStatistics.ZERO.meanLoadMillis());
    assertEquals(0.75, CacheStatistics.of(Map.of("hits", 3L, "misses", 1L)).hitRate());
    assertEquals(2.5, CacheStatistics.of(Map.of("loads", 4L, "loadMillis", 10L)).meanLoadMillis());
  }

  @Test
  void countersCountOnlyWhenEnabled() {
    CacheCounters on = new CacheCounters(true);
    CacheCounters off = new CacheCounters(false);
    for (CacheCounters counters : new CacheCounters[] {on, off}) {
      counters.hit();
      counters.load(3_000_000);
      counters.tagEvicted(5, 2_000_000);
      counters.tagEvicted(0, 9_000_000);
    }
    CacheStatistics counted = on.snapshot();
    assertEquals(1, counted.hits());
    assertEquals(3, counted.loadMillis());
    assertEquals(5, counted.tagEvictions());
    assertEquals(1, counted.evictionBatches(), "an empty eviction is no sample");
    assertEquals(2, counted.evictionLagMillis());
    assertTrue(off.snapshot().isZero());
  }
}
