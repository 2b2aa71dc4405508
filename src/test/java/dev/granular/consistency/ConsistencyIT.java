package dev.granular.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cluster.Cluster;
import dev.granular.devserver.PayaraMicroProcess;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The randomized checker against two instances on one Redis and one database, with the database
 * slowed down so that loads overlap writes: with stale protection on (and product updates written
 * through) it finds nothing; with it off (and plain invalidation) it finds stale values, which
 * shows that it can.
 */
class ConsistencyIT {

  private static final Logger LOG = Logger.getLogger(ConsistencyIT.class.getName());

  private static ConsistencyChecker.Report check(
      boolean protection, int minReads, Duration maxDuration) throws Exception {
    Map<String, String> settings =
        Map.of(
            "DEMO_DB_LATENCY_MS",
            "2",
            "DEMO_DB_RESULT_LATENCY_MS",
            "25",
            "cache.default.stale-protection",
            String.valueOf(protection),
            // On: product updates are written through (the default), so the check covers @CachePut
            // after commit. Off: the plain-invalidation experiment, where a racing load can store
            // an old value.
            "cache.products.write",
            protection ? "through" : "invalidate");
    try (Cluster cluster =
        Cluster.start(protection ? "consistency-on" : "consistency-off", 2, settings)) {
      ConsistencyChecker checker =
          new ConsistencyChecker(
              cluster.instances().stream().map(PayaraMicroProcess::baseUrl).toList(),
              new ConsistencyChecker.Options(
                  30, 4, 16, minReads, maxDuration, Duration.ofMillis(300), 0.3));
      ConsistencyChecker.Report report = checker.run();
      LOG.info("stale protection " + (protection ? "on" : "off") + ": " + report);
      return report;
    }
  }

  @Test
  void withProtectionNoReadIsStale() throws Exception {
    // Up to 10,000 reads or 90 s; at least 3,000 reads and 300 writes make a meaningful run even on
    // a busy machine.
    ConsistencyChecker.Report report = check(true, 10_000, Duration.ofSeconds(90));
    assertTrue(report.reads() >= 3_000, report.toString());
    assertTrue(report.writes() > 300, report.toString());
    assertEquals(0, report.staleObservations(), report.toString());
    assertEquals(0, report.staleAfterQuiescence(), report.toString());
  }

  @Test
  void withoutProtectionTheCheckerFindsStaleValues() throws Exception {
    // Long enough to catch the race even when the machine is slow (it then makes fewer reads per
    // second).
    ConsistencyChecker.Report report = check(false, 3_000, Duration.ofSeconds(60));
    assertTrue(report.staleObservations() + report.staleAfterQuiescence() > 0, report.toString());
  }
}
