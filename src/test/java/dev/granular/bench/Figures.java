package dev.granular.bench;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/** Small helpers for the suite's figures. */
final class Figures {

  private Figures() {}

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  /** Throughput and latency of one wrk run, as the JSON details of a row. */
  static JsonObjectBuilder of(Wrk.Run run) {
    return Json.createObjectBuilder()
        .add("requestsPerSecond", round(run.requestsPerSecond(), 1))
        .add("requests", run.requests())
        .add("p50Millis", round(run.p50Millis(), 3))
        .add("p99Millis", round(run.p99Millis(), 3))
        .add("timeouts", run.timeouts());
  }
}
