package dev.granular.bench;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/** The latency event with the highest maximum in LATENCY LATEST, in milliseconds. */
record LatencyEvent(long maxMillis, String event) {

  static LatencyEvent highest(int port) throws IOException {
    List<?> events = (List<?>) RespReply.command(port, "LATENCY", "LATEST");
    return events.stream()
        .map(e -> (List<?>) e)
        .map(e -> new LatencyEvent((Long) e.get(3), String.valueOf(e.get(0))))
        .max(Comparator.comparingLong(LatencyEvent::maxMillis))
        .orElse(new LatencyEvent(0, "no event >= 1 ms"));
  }

  @Override
  public String toString() {
    return maxMillis + " (" + event + ")";
  }
}
