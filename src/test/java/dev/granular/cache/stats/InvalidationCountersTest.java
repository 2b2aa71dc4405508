package dev.granular.cache.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InvalidationCountersTest {

  @Test
  void lagPercentilesComeFromTheRecentSamples() {
    InvalidationCounters counters = new InvalidationCounters();
    for (int i = 1; i <= 100; i++) {
      counters.invalidated(2, i * 1_000_000L); // 1..100 ms
    }
    counters.failed();
    InvalidationStatistics statistics = counters.snapshot();
    assertEquals(100, statistics.invalidations());
    assertEquals(200, statistics.tags());
    assertEquals(1, statistics.failures());
    assertEquals(5050, statistics.lagMillis());
    assertEquals(50_000, statistics.lagP50Micros());
    assertEquals(99_000, statistics.lagP99Micros());
    assertEquals(100_000, statistics.lagMaxMicros());
  }

  @Test
  void onlyTheLastSamplesCountForPercentilesButTheMaximumStays() {
    InvalidationCounters counters = new InvalidationCounters();
    counters.invalidated(1, 500_000_000L);
    for (int i = 0; i < 2_000; i++) {
      counters.invalidated(1, 1_000_000L);
    }
    InvalidationStatistics statistics = counters.snapshot();
    assertEquals(1_000, statistics.lagP99Micros());
    assertEquals(500_000, statistics.lagMaxMicros());
  }

  @Test
  void noSamplesNoLag() {
    assertEquals(0, new InvalidationCounters().snapshot().lagP99Micros());
  }
}
