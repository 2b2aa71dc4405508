package dev.granular.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Arrays;

/**
 * The latencies of one variant's calls, in nanoseconds, summarised as percentiles in microseconds.
 */
record Latencies(long[] sortedNanos, double meanNanos) {

  static Latencies of(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latencies(sorted, Arrays.stream(sorted).average().orElse(0));
  }

  int count() {
    return sortedNanos.length;
  }

  /** Nearest-rank percentile, in microseconds. */
  double percentileMicros(double percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1_000.0;
  }

  double p50() {
    return percentileMicros(50);
  }

  double p90() {
    return percentileMicros(90);
  }

  double p99() {
    return percentileMicros(99);
  }

  double meanMicros() {
    return meanNanos / 1_000.0;
  }

  double maxMicros() {
    return sortedNanos[sortedNanos.length - 1] / 1_000.0;
  }

  JsonObject toJson() {
    return Json.createObjectBuilder()
        .add("calls", count())
        .add("p50Micros", round(p50()))
        .add("p90Micros", round(p90()))
        .add("p99Micros", round(p99()))
        .add("meanMicros", round(meanMicros()))
        .add("maxMicros", round(maxMicros()))
        .build();
  }

  static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
