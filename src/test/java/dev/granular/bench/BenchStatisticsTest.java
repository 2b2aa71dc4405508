package dev.granular.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of the benchmark suite: when a warm-up is steady, the median of the JMH rounds and
 * of the runs.
 */
class BenchStatisticsTest {

  @Test
  void aClimbingServerIsNotSteady() {
    // the greeting WAR of ours_vs_payara, whose warm-up stopped too early on two rounds within 5 %
    assertFalse(Wrk.isSteady(List.of(394.0, 746.0, 913.0, 950.0)));
    assertFalse(
        Wrk.isSteady(List.of(1000.0, 1040.0, 1080.0, 1125.0, 1170.0, 1215.0))); // +4 % a round
    assertFalse(Wrk.isSteady(List.of(414.0, 1025.0, 1319.0, 1459.0, 1623.0, 1853.0)));
  }

  @Test
  void aNoisyButFlatServerIsSteady() {
    // hits of a warm Payara, from a run of mvn -Pbench
    assertTrue(Wrk.isSteady(List.of(3694.0, 4285.0, 3891.0, 4230.0, 3703.0, 4248.0)));
    assertTrue(
        Wrk.isSteady(
            List.of(5000.0, 5000.0, 5000.0, 4000.0, 4000.0, 4000.0))); // slower is steady too
    assertFalse(
        Wrk.isSteady(List.of(4000.0, 4000.0, 4000.0, 4000.0, 4000.0))); // too few rounds to tell
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(1.2, InterceptorOverhead.median(new double[] {1.5, 1.2, 0.9}));
    assertEquals(1.1, InterceptorOverhead.median(new double[] {1.0, 1.4, 1.2, 0.8}), 1e-9);
    assertEquals(7.0, InterceptorOverhead.median(new double[] {7.0}));
  }

  @Test
  void medianRunIsTheMiddleOneByValue() {
    assertEquals(2, HttpRows.medianIndex(new double[] {4625.0, 5347.0, 4998.0}));
    assertEquals(0, HttpRows.medianIndex(new double[] {0.45, 0.40, 0.50}));
    assertEquals(0, HttpRows.medianIndex(new double[] {7.0}));
    assertEquals(
        2,
        HttpRows.medianIndex(
            new double[] {3.0, 1.0, 2.0, 4.0})); // 2.0, the lower middle of an even count
  }

  @Test
  void medianLeavesItsArgumentAsItWas() {
    double[] ratios = {3.0, 1.0, 2.0};
    InterceptorOverhead.median(ratios);
    assertEquals(3.0, ratios[0]);
  }

  @Test
  void pairsGiveTheMedianPairsRatioAndEveryPairInOrder() {
    RunPairs pairs =
        new RunPairs(
            "bare",
            List.of(run(1000), run(2000), run(1000)),
            "hit",
            List.of(run(600), run(1000), run(700)));
    assertEquals(0.6, pairs.ratio(), 1e-9); // ratios 0.6, 0.5, 0.7
    assertEquals(0, pairs.medianIndex());
    assertEquals(1000, pairs.medianBaseline().requestsPerSecond());
    assertEquals(600, pairs.medianMeasured().requestsPerSecond());
    assertEquals(
        "[{\"bare\":1000,\"hit\":600,\"ratio\":0.6},{\"bare\":2000,\"hit\":1000,\"ratio\":0.5},"
            + "{\"bare\":1000,\"hit\":700,\"ratio\":0.7}]",
        pairs.json().toString());
  }

  private static Wrk.Run run(double requestsPerSecond) {
    return new Wrk.Run(
        requestsPerSecond, Math.round(requestsPerSecond * 10), 1, 2, 0, 0, java.util.Map.of(), "");
  }
}
